"""python -m services.categorisation: serve the API on CATEGORISATION_HOST:CATEGORISATION_PORT."""

from services.categorisation.config import CategorisationSettings
from services.kit.serve import serve

if __name__ == "__main__":
    serve(CategorisationSettings(), "services.categorisation.main:create_app")
