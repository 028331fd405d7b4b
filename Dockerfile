# The gate as a container: `docker build -t cleangate . && docker run -p 8080:8080 cleangate`.
# Policies ship inside the wheel; mount extra ones and set CLEANGATE_POLICY_DIRS to add your own.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY sbom ./sbom
COPY service ./service
COPY policies ./policies
# The image is the gate server: the wheel with its `server` extra (FastAPI, uvicorn, SQLAlchemy, ...).
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[server]"

FROM python:3.11-slim
RUN useradd --system --uid 10001 cleangate
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER cleangate
ENV CLEANGATE_HOST=0.0.0.0 CLEANGATE_PORT=8080
EXPOSE 8080
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz')"
ENTRYPOINT ["cleangate"]
CMD ["serve"]
