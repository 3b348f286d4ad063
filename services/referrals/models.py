"""Database models of the referrals service; its tables live in the `referrals` schema."""

from sqlalchemy.orm import DeclarativeBase

from services.kit.db import TYPE_ANNOTATION_MAP, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata(schema="referrals")
    type_annotation_map = TYPE_ANNOTATION_MAP
