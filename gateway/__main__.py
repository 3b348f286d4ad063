"""python -m gateway: serve the gateway on GATEWAY_HOST:GATEWAY_PORT."""

from gateway.config import GatewaySettings
from services.kit.serve import serve

if __name__ == "__main__":
    serve(GatewaySettings(), "gateway.main:create_app")
