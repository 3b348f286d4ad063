"""python -m ops <command>: prepare | migrate | check-migrations | keys | demo | i18n | create-user."""

import argparse

from gateway.config import GatewaySettings
from ops import demo, i18n, migrate, users
from services.kit.auth import generate_dev_keypair
from services.referrals.config import ReferralsSettings
from services.referrals.crypto import generate_dev_key_file


def keys() -> None:
    referrals = ReferralsSettings()
    if referrals.encryption_keys_file is None and not referrals.is_production:
        print(f"referrals encryption keys in {generate_dev_key_file(referrals.encryption_keys_path)}")
    settings = GatewaySettings()
    if settings.jwt_private_key_file is not None:
        print(f"using the configured key {settings.jwt_private_key_file}")
        return
    path = generate_dev_keypair(settings.keys_dir)
    print(f"development key pair in {path.parent}")


def prepare() -> None:
    """Everything `make run` needs before the processes start."""
    keys()
    migrate.upgrade()
    demo.load()


COMMANDS = {
    "prepare": prepare,
    "migrate": migrate.upgrade,
    "check-migrations": migrate.check,
    "keys": keys,
    "demo": demo.load,
    "i18n": i18n.refresh,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    parser.add_argument("command", choices=[*COMMANDS, "create-user"])
    parser.add_argument("--username", help="create-user: the login name")
    parser.add_argument("--name", help="create-user: the person's full name")
    parser.add_argument("--role", action="append", default=[], help="create-user: a role (repeat for more)")
    args = parser.parse_args()
    if args.command == "create-user":
        if not args.username or not args.name or not args.role:
            parser.error("create-user needs --username, --name and at least one --role; the password is read")
        users.create_user(args.username, args.name, args.role)
        return
    COMMANDS[args.command]()


if __name__ == "__main__":
    main()
