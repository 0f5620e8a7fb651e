"""The demo workshop: an instructor, three teams, team A ready for its press conference."""

from .extensions import db
from .services import documents, workshops

REPORT = {
    "title": "当社ウェブサイトにおけるお客様情報の閲覧可能状態についてのお知らせとお詫び",
    "body": (
        "2026年11月28日、匿名の方からのご連絡により、当社の会員向けウェブページにおいて、"
        "一部のお客様の氏名・メールアドレス・電話番号が第三者から閲覧可能な状態にあったことが判明しました。\n\n"
        "対象は最大5,000件で、クレジットカード情報は含まれておりません。"
        "当社は同日中に該当ページを停止し、外部の専門機関と調査を進めています。\n\n"
        "個人情報保護委員会へは速報を提出済みです。対象のお客様には個別にご連絡し、"
        "専用窓口（0120-000-000）を設けました。お客様ならびに関係者の皆様に多大なご迷惑と"
        "ご心配をおかけしますことを、深くお詫び申し上げます。"
    ),
    "incident": "web_exposure",
    "records": 5000,
    "card_data": False,
    "discovered_on": "2026-11-28",
    "discovered_by": "anonymous",
}

AGENDA = {
    "recipients": "報道関係各位",
    "title": "会員向けウェブページにおけるお客様情報閲覧可能事案に関する記者会見",
    "summary": "事案の概要、現時点で判明している影響範囲、お客様への対応、再発防止に向けた取り組みをご説明します。",
    "speakers": [
        {"title": "代表取締役社長", "name": "山田 太郎", "role": "お詫びと経営としての説明"},
        {"title": "CIO", "name": "佐藤 花子", "role": "技術的な経緯と調査状況"},
        {"title": "広報部長", "name": "鈴木 一郎", "role": "司会・今後の情報提供"},
    ],
}


def create_demo():
    """Create the demo workshop and return it; the caller commits."""
    instructor = workshops.get_or_create_instructor()
    workshop = workshops.create_workshop(
        instructor,
        "サイバーインシデント机上演習（デモ）",
        org_name="株式会社サンプル商事",
        team_names=("チームA", "チームB", "チームC"),
    )
    team_a = workshop.teams[0]
    documents.save(team_a.id, documents.REPORT, REPORT, reason="初版")
    documents.save(team_a.id, documents.AGENDA, AGENDA, reason="初版")
    workshops.open_conference(workshop, team_a)
    db.session.flush()
    return workshop
