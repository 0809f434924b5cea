"""Single sign-on: which OIDC identity (an e-mail or subject claim) logs in as which Lentera user.

Streamlit does the OIDC exchange (``st.login``); this module only maps the claims it returns to a
user through the ``sso_identities`` table. An identity nobody linked is refused: signing in with
an identity provider never creates a user or grants a role by itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from workflows import admin_log
from workflows.db import Database
from workflows.errors import LenteraError, NotFound
from workflows.users import User, get_user

DEFAULT_CLAIM = "email"


class SsoRefused(LenteraError):
    """The identity provider's answer does not map to an active Lentera user."""


def normalise(identity: str) -> str:
    """Identities compare without case and surrounding spaces (e-mail addresses do)."""
    return identity.strip().lower()


def link(db: Database, username: str, identity: str, *, actor: str) -> None:
    """Let ``identity`` log in as ``username`` (an identity maps to one user at a time)."""
    key = normalise(identity)
    if not key:
        raise LenteraError("an SSO identity cannot be empty")
    if not db.query("SELECT 1 FROM users WHERE username = ?", [username]):
        raise NotFound(f"there is no user '{username}'")
    with db.transaction() as tx:
        tx.execute("INSERT OR REPLACE INTO sso_identities VALUES (?, ?)", [key, username])
        admin_log.write(tx, actor, "user.sso_link", username, {"identity": key})
    db.users_changed()


def unlink(db: Database, identity: str, *, actor: str) -> None:
    """Stop ``identity`` from logging in."""
    key = normalise(identity)
    rows = db.query("SELECT username FROM sso_identities WHERE identity = ?", [key])
    if not rows:
        raise NotFound(f"the SSO identity '{key}' is not linked to any user")
    with db.transaction() as tx:
        tx.execute("DELETE FROM sso_identities WHERE identity = ?", [key])
        admin_log.write(tx, actor, "user.sso_unlink", str(rows[0][0]), {"identity": key})
    db.users_changed()


def identities(db: Database) -> dict[str, tuple[str, ...]]:
    """The linked identities of every user that has some, by user name."""
    return {
        str(username): tuple(linked)
        for username, linked in db.query(
            "SELECT username, list(identity ORDER BY identity) FROM sso_identities "
            "GROUP BY username ORDER BY username"
        )
    }


def user_for_claims(db: Database, claims: Mapping[str, object], claim: str = DEFAULT_CLAIM) -> User:
    """The active user linked to the identity in ``claims`` (what ``st.user`` holds).

    Refused with a sentence when the claim is missing, an e-mail is marked unverified, the
    identity is linked to nobody, or its user is deactivated.
    """
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        raise SsoRefused(f"the identity provider did not send the '{claim}' claim")
    if claim == "email" and claims.get("email_verified") is False:
        raise SsoRefused(f"the identity provider has not verified the e-mail '{value.strip()}'")
    key = normalise(value)
    rows = db.query("SELECT username FROM sso_identities WHERE identity = ?", [key])
    if not rows:
        raise SsoRefused(
            f"'{key}' is not linked to a Lentera user: ask an administrator to link it"
        )
    try:
        return get_user(db, str(rows[0][0]))
    except NotFound:
        raise SsoRefused(f"the Lentera user linked to '{key}' is deactivated") from None
