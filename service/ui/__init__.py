"""The web console under /ui: server-rendered pages for platform teams and legal engineers.

Same process and same tokens as the API: `install(app)` adds the pages (left out of the OpenAPI
schema), the static files that ship in the wheel, and the security headers. Layout:
session.py (cookie and CSRF), forms.py (form bodies), web.py (templates, headers, who is signed
in), views.py (decisions shaped for pages), pages/ (one module per page group).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from service.ui.web import HERE, PREFIX, SecurityHeaders, make_codec


def install(app: FastAPI) -> None:
    from service.ui.pages import MODULES

    settings = app.state.settings
    ui_key = settings.ui_session_key.get_secret_value() if settings.ui_session_key else None
    admin = settings.admin_token.get_secret_value() if settings.admin_token else None
    app.state.ui_codec = make_codec(ui_key, admin, settings.workers)
    for module in MODULES:
        app.include_router(module.router)
    app.mount(PREFIX + "/static", StaticFiles(directory=HERE / "static"), name="ui-static")
    app.add_middleware(SecurityHeaders)
