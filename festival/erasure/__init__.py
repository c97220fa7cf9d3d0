"""Deleting a family's account at its request ("erasure"): its personal data erased, the
programme's aggregates kept. Done by the family itself (/family/delete-account, with its
password) or by an admin on the family's request (families without internet), the same
operation either way (festival/erasure/operations.py).

Design (decided here, tested in tests/consent/test_erasure.py):
- The families row stays, with `erased_at` set: its id holds the family's place in the
  statistics (applications, stalls, attendance, sales reports' amounts, fees, training),
  with no name. The database checks that such a row keeps none of the family's own words
  (families.ck_families_erased_holds_no_personal_data: name, head's name, products, other
  programme empty; no second phone; no birth year, displacement or disability answer).
  `Family.name` reads "Deleted account" for it wherever history lists it.
- The account: its phone becomes an unusable placeholder (+9630…, never a Syrian mobile, so
  the number may sign up again and nobody logs in with it), no email, a random password,
  disabled, every session ended. A users row cannot be checked against families by a CHECK,
  so the placeholder is the operation's rule (ERASED_PHONE_PREFIX) and a test's.
- `Family.is_live` is false for an erased family: every list, queue, export, partner API,
  search and duplicate scan leaves it out; the partners' dashboards count it
  (`Family.is_counted`), without its statistics answers (it is "not said" there).
- The audit entry ("family.erased") says who, when, and how many rows went; never a name,
  a phone or a number.
"""
