"""The demo workshop: an instructor, three teams, team A ready for its press conference."""

from datetime import date

from .domain import phases
from .extensions import db
from .services import documents, workflow, workshops

PROFILE = (
    "東京に本社を置く従業員約800名の卸売業。会員制の通販サイトを運営し、会員数は約12万人。"
    "情報システム部とCSIRTを置き、サイトの開発・運用は一部を外部に委託している。"
)

REPORT = {
    "title": "当社ウェブサイトにおけるお客様情報の閲覧可能状態についてのお知らせとお詫び",
    "summary": (
        "当社の会員向けウェブページにおいて、一部のお客様の氏名・メールアドレス・電話番号が"
        "第三者から閲覧可能な状態にあったことが判明しました。お客様ならびに関係者の皆様に"
        "多大なご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。"
    ),
    "discovered_on": "2026-11-28",
    "discovered_by": "匿名の個人の方からのご連絡",
    "discovery": "2026年11月28日午前、匿名の方から広報部に、URLを変更すると他の会員の情報が表示されるとのご連絡をいただきました。",
    "timeline": [
        {"time": "11月28日 10:15", "event": "広報部が匿名の方からご連絡を受け、CSIRTに報告"},
        {"time": "11月28日 11:30", "event": "事象を再現して確認し、該当ページを停止"},
        {"time": "11月29日", "event": "個人情報保護委員会へ速報を提出"},
    ],
    "records": 5000,
    "people": 5000,
    "data_kinds": "氏名、メールアドレス、電話番号",
    "card_data": False,
    "encrypted": None,
    "cause": "会員ページの改修時に、閲覧者と会員番号の照合処理が外れていたためと見ています。詳細は外部の専門機関と調査中です。",
    "actions": "該当ページを停止し、アクセスログの保全と解析を進めています。",
    "support": "対象のお客様には個別にご連絡し、専用窓口（0120-000-000）を設けました。",
    "prevention": "改修時のレビュー手順を見直し、公開前の脆弱性診断を義務付けます。",
    "contact": "お客様相談窓口 0120-000-000（9時〜18時）",
    "next_update": "調査の進捗に応じて当社ウェブサイトでお知らせします。",
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
    "running_order": [
        {"time": "15:00", "item": "開会・お詫び（社長）"},
        {"time": "15:05", "item": "事案の概要と調査状況（CIO）"},
        {"time": "15:15", "item": "質疑応答"},
        {"time": "15:45", "item": "閉会"},
    ],
}


def create_demo():
    """Create the demo workshop and return it; the caller commits."""
    instructor = workshops.get_or_create_instructor()
    workshop = workflow.create(
        instructor,
        "サイバーインシデント机上演習（デモ）",
        "株式会社サンプル商事",
        ("チームA", "チームB", "チームC"),
        "ja",
        org_profile=PROFILE,
        held_on=date.today(),
    )
    workflow.move(workshop, phases.INCIDENT_1)
    team_a = workshop.teams[0]
    workflow.choose_incident(workshop, team_a, 1, "web_exposed", {"param.records": "5000"})
    for kind, text in ((documents.REPORT, REPORT), (documents.AGENDA, AGENDA)):
        documents.save(workshop.id, team_a.id, kind, text, author="チームA", reason="初版")
    workflow.open_conference(workshop, team_a)
    db.session.flush()
    return workshop
