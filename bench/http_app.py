"""The gate app plus a no-op endpoint, so evaluate is measured against the same server's floor."""

from __future__ import annotations

from fastapi import FastAPI, Request

from service.api.app import create_app


def app_factory() -> FastAPI:
    app = create_app()

    @app.post("/bench/noop")
    async def noop(request: Request) -> dict[str, bool]:
        await request.body()
        return {"ok": True}

    return app
