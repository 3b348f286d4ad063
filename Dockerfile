# One image for the four processes and the one-shot migrate; compose.yaml chooses the command.
#   docker build -t kommune-boligsocial .

# Front-end assets (dkfds, htmx, swagger-ui-dist) from the lock file; the gateway and the services serve
# them from node_modules/ at run time, so only the finished folder is carried over.
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --from=assets /assets/node_modules ./node_modules
COPY . .
# The processes run from /app (`python -m` puts the working directory first on the path), where web/,
# migrations/, config/ and node_modules/ sit beside the code they belong to.
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info

# Never root at run time; the uid matches the ownership advice for secrets/ in compose.yaml.
RUN useradd --system --uid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/var/archive \
    && chown -R app /app/var
USER app

EXPOSE 8000 8001 8002 8003
CMD ["python", "-m", "gateway"]
