# syntax=docker/dockerfile:1
# The gate as a container. Build: `docker build -t cleangate .`; run read-only as a non-root user:
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -e CLEANGATE_ADMIN_TOKEN=... cleangate
# Policies are baked into the wheel; mount more and set CLEANGATE_POLICY_DIRS to add your own.
# Build arguments: EXTRAS (pip extras of cleangate; `server` is what `cleangate serve` needs,
# add `opa` for the OPA-server engine) and WITH_OPA_LIBRARY=1 for the in-process OPA engine.
# Not run here (no container engine on the build machine); linted with hadolint in .ci/run.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG EXTRAS=server
ARG WITH_OPA_LIBRARY=0
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY sbom ./sbom
COPY service ./service
COPY policies ./policies
# Everything is installed into one virtualenv that the final stage copies whole: no compiler,
# pip cache or source tree reaches the image that runs.
RUN python -m venv /opt/cleangate \
 && /opt/cleangate/bin/pip install ".[${EXTRAS}]" \
 && if [ "${WITH_OPA_LIBRARY}" = "1" ]; then \
      /opt/cleangate/bin/pip install --ignore-requires-python "opa-golib-python-bindings==0.4.4"; \
    fi \
 && /opt/cleangate/bin/python -c "import service, sbom, regorus"

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin cleangate \
 && mkdir -p /var/lib/cleangate && chown 10001:10001 /var/lib/cleangate
COPY --from=build /opt/cleangate /opt/cleangate
ENV PATH=/opt/cleangate/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CLEANGATE_HOST=0.0.0.0 \
    CLEANGATE_PORT=8080 \
    CLEANGATE_DATABASE_PATH=/var/lib/cleangate/cleangate.db
USER 10001:10001
WORKDIR /var/lib/cleangate
VOLUME ["/var/lib/cleangate"]
EXPOSE 8080
# Liveness only (no database, no curl in the image): /healthz never waits on the store.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"]
ENTRYPOINT ["cleangate"]
CMD ["serve"]
