"""One request, one transaction: the endpoint boundary commits, anything else rolls back."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.state import process_of


class TransactionalRoute(APIRoute):
    """Opens the request's session before the endpoint and commits it before the response leaves.

    Committing here rather than in a yield dependency means a failed commit still turns into an
    error response, instead of happening after the client was told "200".
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            factory = process_of(request).session_factory
            async with factory() as session:
                request.state.db_session = session
                response = await handler(request)
                if response.status_code < 400:
                    await session.commit()
                else:
                    await session.rollback()
                return response

        return handle


async def get_session(request: Request) -> AsyncSession:
    """The session opened by TransactionalRoute for this request.

    A coroutine although it awaits nothing: FastAPI runs a plain function dependency in a worker thread,
    and that hop cost more than the rest of a short request's dependencies together (issue 16).
    """
    session: AsyncSession = request.state.db_session
    return session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
