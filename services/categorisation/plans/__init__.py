"""Area plans with measurable targets, boligsocial initiatives and dialogue records (DOMAIN § 7).

They belong with the areas and their data: a target is judged on the indicator exactly as the year's
categorisation measures it (evaluation.py), and the allocation service reads the plans over HTTP for the
common letting agreement's annexes, as it reads the categorisation.
"""
