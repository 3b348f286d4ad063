"""Categorisation service: yearly housing data, the national designations of Almenboligloven and the
municipality's Red / Pink / Yellow / Green categorisation, each result explained criterion by criterion."""
