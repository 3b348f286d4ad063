"""Decision letters of the allocation service (DOMAIN § 6.7, forvaltningsloven §§ 19, 22–25).

Every decision about a person – an acute-housing application, a municipal offer and its withdrawal, a
§ 51 c dispensation – is written down as a letter in the decision's own transaction: `wording` says what
each kind of letter states, `issuing` renders it (kit/letters.py, kit/pdf.py) in Danish and English, stores
it unchanged and queues it, and `sending` sends the queue through the configured channel.
"""
