"""Database models of the categorisation service; its tables live in the `categorisation` schema."""

from sqlalchemy.orm import DeclarativeBase

from services.kit.db import TYPE_ANNOTATION_MAP, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata(schema="categorisation")
    type_annotation_map = TYPE_ANNOTATION_MAP
