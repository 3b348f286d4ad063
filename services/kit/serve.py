"""Start one process under uvicorn with its settings' host and port."""

import uvicorn

from services.kit.settings import CommonSettings


def serve(settings: CommonSettings, factory: str) -> None:
    """Run `factory` (module:function) in the foreground; our JSON logging replaces uvicorn's."""
    uvicorn.run(
        factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
    )
