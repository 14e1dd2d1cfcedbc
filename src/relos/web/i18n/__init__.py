"""The web application's words in English and Russian, and how a page's language is chosen:
`?lang=` (remembered in a cookie), else the user's own setting, else Accept-Language, else English."""

from __future__ import annotations

from collections.abc import Callable

from relos.web.i18n.pages_en import EN
from relos.web.i18n.pages_ru import RU
from relos.web.i18n.records_en import EN as RECORDS_EN
from relos.web.i18n.records_ru import RU as RECORDS_RU

LANGUAGES = ("en", "ru")
LANG_COOKIE = "relos_lang"

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "app_name": "RELOS",
        "app_tagline": "Reciprocal logistics-support agreements",
        "sign_in": "Sign in",
        "sign_in_title": "Sign in to RELOS",
        "sign_out": "Sign out",
        "user_id": "User name",
        "password": "Password",
        "sign_in_failed": "Sign-in failed: wrong user name or password, or the account is disabled "
        "or locked for a while after repeated failures.",
        "form_expired": "The form had expired or did not come from this site. Please try again.",
        "insecure_cookie_hint": "This server sends its session cookie over HTTPS only, and this page came "
        "over plain HTTP: sign-in will not stick. Use HTTPS, or set RELOS_COOKIE_SECURE=false on a "
        "local machine.",
        "signed_in_as": "Signed in as",
        "party": "Party",
        "roles": "Roles",
        "agreements": "Agreements",
        "agreements_intro": "The agreements your party is party to, with their status on the day",
        "no_agreements": "Your party is not party to any agreement in this register.",
        "signed_only_notice": "Not in force on this day: no deployment, clearance or support order can be made under "
        "it until its entry into force is recorded (an administrator records it, with its source, on the "
        "agreement's page).",
        "agreement": "Agreement",
        "title": "Title",
        "parties": "Parties",
        "signed": "Signed",
        "status": "Status",
        "in_force_from": "In force from",
        "in_force_until": "until (exclusive)",
        "caps": "Caps (ships / aircraft / personnel)",
        "audit_trail": "Audit trail",
        "audit_intro": "Every change, newest first, with who made it and when",
        "no_entries": "No entries you may read.",
        "when": "When (UTC)",
        "who": "Who",
        "action": "Action",
        "record": "Record",
        "forbidden": "You do not have the authority for this page.",
        "not_found": "Not found.",
        "back": "Back",
        "language": "Language",
        "status.not_signed": "not signed",
        "status.signed": "signed, not in force",
        "status.in_force": "in force",
        "status.expired": "expired",
        "status.terminated": "terminated",
        "role.requester": "requester",
        "role.host_approver": "host approver",
        "role.logistics_officer": "logistics officer",
        "role.finance_officer": "finance officer",
        "role.clearance_officer": "clearance officer",
        "role.auditor": "auditor",
        "role.administrator": "administrator",
    },
    "ru": {
        "app_name": "RELOS",
        "app_tagline": "Соглашения о взаимном материально-техническом обеспечении",
        "sign_in": "Войти",
        "sign_in_title": "Вход в RELOS",
        "sign_out": "Выйти",
        "user_id": "Имя пользователя",
        "password": "Пароль",
        "sign_in_failed": "Войти не удалось: неверное имя пользователя или пароль, либо учётная запись "
        "отключена или временно заблокирована после нескольких неудачных попыток.",
        "form_expired": "Срок действия формы истёк, или она отправлена не с этого сайта. Повторите попытку.",
        "insecure_cookie_hint": "Сервер передаёт cookie сеанса только по HTTPS, а эта страница получена по "
        "HTTP: вход не сохранится. Используйте HTTPS или задайте RELOS_COOKIE_SECURE=false на локальной машине.",
        "signed_in_as": "Вы вошли как",
        "party": "Сторона",
        "roles": "Роли",
        "agreements": "Соглашения",
        "agreements_intro": "Соглашения, участником которых является ваша сторона, и их статус на указанный день",
        "no_agreements": "Ваша сторона не участвует ни в одном соглашении этого реестра.",
        "signed_only_notice": "Не действует на этот день: развёртывания, разрешения и заявки на обеспечение по нему "
        "невозможны, пока не записано его вступление в силу (его записывает администратор, с источником, на "
        "странице соглашения).",
        "agreement": "Соглашение",
        "title": "Название",
        "parties": "Стороны",
        "signed": "Подписано",
        "status": "Статус",
        "in_force_from": "Действует с",
        "in_force_until": "по (не включая)",
        "caps": "Ограничения (корабли / самолёты / личный состав)",
        "audit_trail": "Журнал аудита",
        "audit_intro": "Все изменения, новые сверху: кто и когда их внёс",
        "no_entries": "Нет записей, доступных вам.",
        "when": "Когда (UTC)",
        "who": "Кто",
        "action": "Действие",
        "record": "Запись",
        "forbidden": "У вас нет полномочий для этой страницы.",
        "not_found": "Не найдено.",
        "back": "Назад",
        "language": "Язык",
        "status.not_signed": "не подписано",
        "status.signed": "подписано, не вступило в силу",
        "status.in_force": "действует",
        "status.expired": "срок действия истёк",
        "status.terminated": "прекращено",
        "role.requester": "запрашивающий",
        "role.host_approver": "утверждающий (принимающая сторона)",
        "role.logistics_officer": "офицер тыла",
        "role.finance_officer": "финансовый офицер",
        "role.clearance_officer": "офицер по разрешениям",
        "role.auditor": "аудитор",
        "role.administrator": "администратор",
    },
}


CATALOGUE["en"].update(EN)
CATALOGUE["ru"].update(RU)
CATALOGUE["en"].update(RECORDS_EN)
CATALOGUE["ru"].update(RECORDS_RU)


def translator(language: str) -> Callable[[str], str]:
    """`t(key)`: the word in `language`, falling back to English, then to the key itself."""
    words = CATALOGUE.get(language, CATALOGUE["en"])
    return lambda key: words.get(key) or CATALOGUE["en"].get(key, key)


def from_accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most (RFC 9110 section 12.5.4 q-values)."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def choose_language(*, query: str | None, cookie: str | None, user: str | None, accept: str | None) -> str:
    for candidate in (query, cookie, user):
        if candidate in LANGUAGES:
            return candidate
    return from_accept_language(accept) or "en"
