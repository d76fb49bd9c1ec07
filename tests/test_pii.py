"""Encryption at rest and the blind index of personal data."""

import pytest
from cryptography.fernet import Fernet, InvalidToken

from longjiang import pii
from nominations.models import Nomination

ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def fresh_fernet():
    """Forget cached key sets before and after each test that changes PII_KEYS."""
    pii._fernet.cache_clear()
    yield
    pii._fernet.cache_clear()


@pytest.fixture
def key_a() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def key_b() -> str:
    return Fernet.generate_key().decode()


def test_encrypt_then_decrypt_returns_the_value():
    token = pii.encrypt(ID_NUMBER)

    assert ID_NUMBER not in token
    assert pii.decrypt(token) == ID_NUMBER


def test_encrypt_twice_gives_different_tokens():
    assert pii.encrypt(ID_NUMBER) != pii.encrypt(ID_NUMBER)


def test_encrypt_empty_value_stays_empty():
    assert (pii.encrypt(""), pii.decrypt(""), pii.rotate("")) == ("", "", "")


def test_decrypt_with_a_new_key_first_reads_data_of_the_old_key(settings, key_a, key_b):
    settings.PII_KEYS = [key_a]
    token = pii.encrypt(ID_NUMBER)
    pii._fernet.cache_clear()

    settings.PII_KEYS = [key_b, key_a]

    assert pii.decrypt(token) == ID_NUMBER


def test_rotate_reencrypts_under_the_first_key(settings, key_a, key_b):
    settings.PII_KEYS = [key_a]
    token = pii.encrypt(ID_NUMBER)
    pii._fernet.cache_clear()
    settings.PII_KEYS = [key_b, key_a]

    rotated = pii.rotate(token)

    pii._fernet.cache_clear()
    settings.PII_KEYS = [key_b]
    assert rotated != token
    assert pii.decrypt(rotated) == ID_NUMBER
    with pytest.raises(InvalidToken):
        pii.decrypt(token)


def test_decrypt_without_the_key_raises(settings, key_a, key_b):
    settings.PII_KEYS = [key_a]
    token = pii.encrypt(ID_NUMBER)
    pii._fernet.cache_clear()

    settings.PII_KEYS = [key_b]

    with pytest.raises(InvalidToken):
        pii.decrypt(token)


def test_blind_index_is_deterministic():
    assert pii.blind_index(ID_NUMBER) == pii.blind_index(ID_NUMBER)
    assert len(pii.blind_index(ID_NUMBER)) == 64


def test_blind_index_differs_between_values():
    assert pii.blind_index(ID_NUMBER) != pii.blind_index("110105194912310021")


def test_blind_index_depends_on_the_index_key(settings):
    settings.PII_INDEX_KEY = "index-key-one"
    first = pii.blind_index(ID_NUMBER)

    settings.PII_INDEX_KEY = "index-key-two"

    assert pii.blind_index(ID_NUMBER) != first
    assert ID_NUMBER not in first


@pytest.mark.django_db
def test_encrypted_field_with_unknown_keys_refuses_to_read(settings, make_nomination, key_a):
    nomination = make_nomination()
    pii._fernet.cache_clear()
    settings.PII_KEYS = [key_a]

    with pytest.raises(ValueError, match="LONGJIANG_PII_KEYS"):
        Nomination.objects.get(pk=nomination.pk)
