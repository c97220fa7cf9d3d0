"""Deployment settings: instance/config.py is read, and behind a proxy limits see the client."""
import pytest

from festival import create_app
from tests.conftest import post_form
from tests.factories import PASSWORD

PROXY = "10.0.0.1"  # every request reaches the app from the reverse proxy's address


def login_through_proxy(client, phone, password, client_address):
    return post_form(client, "/login", {"phone": phone, "password": password},
                     environ_base={"REMOTE_ADDR": PROXY}, headers={"X-Forwarded-For": client_address})


def test_the_instance_folders_config_py_is_read(tmp_path, database_url):
    (tmp_path / "config.py").write_text("BEHIND_PROXY = True\nPROXY_COUNT = 2\n")

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url}, instance_path=tmp_path)

    assert app.config["BEHIND_PROXY"] is True and app.config["PROXY_COUNT"] == 2


def test_behind_proxy_and_the_proxy_count_come_from_the_environment(tmp_path):
    from festival.config import load_config

    config = load_config(tmp_path, {"SECRET_KEY": "x", "BEHIND_PROXY": "1", "FESTIVAL_PROXY_COUNT": "2"})

    assert config["BEHIND_PROXY"] is True and config["PROXY_COUNT"] == 2
    assert load_config(tmp_path, {"SECRET_KEY": "x"})["BEHIND_PROXY"] is False


@pytest.mark.parametrize("app_config", [{"BEHIND_PROXY": True}])
def test_behind_a_proxy_one_clients_bad_logins_lock_only_that_client(client, make, app_config):
    family, neighbour = make.family(), make.family(phone="0944555666")
    for _ in range(5):
        assert login_through_proxy(client, neighbour.user.phone, "wrong", "203.0.113.7").status_code == 200

    attacker = login_through_proxy(client, neighbour.user.phone, PASSWORD, "203.0.113.7")
    other_client = login_through_proxy(client, family.user.phone, PASSWORD, "198.51.100.20")

    assert attacker.status_code == 429
    assert other_client.status_code == 302


@pytest.mark.parametrize("app_config", [{"BEHIND_PROXY": True, "PROXY_COUNT": 2}])
def test_with_two_proxies_the_address_two_hops_back_is_the_client(client, make, app_config):
    family = make.family()
    for _ in range(5):
        login_through_proxy(client, family.user.phone, "wrong", "203.0.113.7, 192.0.2.1")

    # A client cannot escape its limit by sending its own X-Forwarded-For in front.
    spoofed = login_through_proxy(client, family.user.phone, PASSWORD, "1.2.3.4, 203.0.113.7, 192.0.2.1")
    other_client = login_through_proxy(client, make.family(phone="0944555666").user.phone, PASSWORD,
                                       "198.51.100.20, 192.0.2.1")

    assert spoofed.status_code == 429
    assert other_client.status_code == 302
