"""Database models of the allocation service; its tables live in the `allocation` schema."""

from sqlalchemy.orm import DeclarativeBase

from services.kit.db import TYPE_ANNOTATION_MAP, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata(schema="allocation")
    type_annotation_map = TYPE_ANNOTATION_MAP
