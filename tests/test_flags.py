"""Red flags in spokespeople's answers (simulator.domain.flags), as table tests.

Each case is an answer a spokesperson might give at a Japanese press conference on a
data breach, in Japanese or English, with the exact set of flag codes it should raise
against a shared incident report. About a third of the answers are good ones that must
raise nothing: the detector is only useful if it leaves a sound answer alone.
"""

from datetime import date

import pytest

from simulator.domain import flags
from simulator.domain.flags import Context, detect, report_required

# The incident report the answers are checked against: a malicious intrusion, card data
# taken, the database not encrypted, discovered on 5 October 2026.
REPORT = {
    "records": 50_000,
    "people": 30_000,
    "card_data": True,
    "encrypted": False,
    "discovered_on": "2026-10-05",
    "cause": "SQLインジェクションによる不正アクセス (unauthorised access by SQL injection)",
}
NO_COUNTS = {"records": None, "people": None}

ALL_CODES = {
    "refusal",
    "speculation",
    "attribution",
    "minimising",
    "blame",
    "absolute",
    "self_pity",
    "hostility",
    "conditional_apology",
    "weak_apology",
    "cover_up",
    "session_control",
    "count_contradicts",
    "count_changes",
    "date_contradicts",
    "denies_card_data",
    "denies_encrypted",
    "denies_leak",
    "premature_all_clear",
    "legal_duty_denied",
    "legal_deadline_wrong",
    "wrong_speaker",
}


def context(report=None, **kwargs):
    """A Context on REPORT, with some of its facts replaced."""
    return Context(report={**REPORT, **(report or {})}, **kwargs)


def codes(answer, ctx=None):
    return {f.code for f in detect(answer, ctx or context())}


def case(expected, answer, **ctx):
    """One row: the codes expected (a set, empty for a good answer), the answer, the context."""
    label = "-".join(sorted(expected)) or "clean"
    return pytest.param(answer, ctx, frozenset(expected), id=label)


JA = [
    # refusal, in its usual inflections
    case({"refusal"}, "その点につきましては、現時点では申し上げられません。"),
    case({"refusal"}, "攻撃の手口に関するご質問には、お答えいたしかねます。"),
    case({"refusal"}, "ノーコメントです。"),
    case({"refusal"}, "取引先の名前については、回答を差し控えさせていただきます。"),
    case({"refusal"}, "申し訳ございませんが、その件はお話しすることはできません。"),
    case({"refusal"}, "被害額につきましてはコメントを差し控えます。"),
    case({"refusal"}, "詳細については差し控えさせていただきます。"),
    case({"refusal"}, "攻撃の手口の詳細は申し上げられません。"),
    case({"refusal"}, "個別のお問い合わせの内容についてはお答えできかねます。"),
    # speculation
    case({"speculation"}, "おそらく海外からの攻撃だと思います。"),
    case({"speculation"}, "たぶん、古いサーバーの設定が原因だったんだと思います。"),
    case({"speculation"}, "侵入経路はVPN機器の脆弱性かもしれません。"),
    case({"speculation"}, "個人的には、内部の人間による犯行ではないかと推測しております。"),
    # attribution
    case({"attribution"}, "今回の攻撃は、中国のハッカー集団によるものです。"),
    case({"attribution"}, "手口から見て、北朝鮮の関与があったものと見ております。"),
    case({"attribution"}, "攻撃者はAPT41と呼ばれるグループです。"),
    case({"attribution"}, "ロシアのランサムウェアグループによる犯行と考えています。"),
    case({"attribution"}, "中国系のグループの犯行とみられます。"),
    # minimising
    case({"minimising"}, "流出したのはメールアドレスだけですので、大したことではございません。"),
    case({"minimising"}, "お客様への影響は限定的と考えております。"),
    case({"minimising"}, "不正に閲覧されたのは、わずか数件にとどまります。"),
    case({"minimising"}, "漏えいした情報に、センシティブな情報は含まれておりません。"),
    case({"minimising"}, "パスワードは変更済みですので、ご心配には及びません。"),
    case({"minimising"}, "被害に遭われたのは、たった3名のお客様です。"),
    case({"minimising"}, "被害はごく一部のお客様に限られ、大きな問題ではございません。"),
    # blame
    case({"blame"}, "委託先が設定を誤ったことが原因です。"),
    case({"blame"}, "派遣社員が無断でデータを持ち出したものです。"),
    case({"blame"}, "お客様がパスワードを使い回していたことが、不正ログインの原因です。"),
    case({"blame"}, "当社も被害者であることをご理解いただきたいと思います。"),
    # absolute
    case({"absolute"}, "二度とこのようなことは起こしません。"),
    case({"absolute"}, "現在のセキュリティ対策は万全です。"),
    case({"absolute"}, "今後、絶対に情報を漏らすことはありません。"),
    case({"absolute"}, "新しいシステムは１００％安全です。"),
    case({"absolute"}, "今後このようなことは決して起こりません。"),
    # self-pity
    case({"self_pity"}, "私もこの一週間、ほとんど寝ていないんです。"),
    case({"self_pity"}, "この件は私の就任前に起きたことでございまして。"),
    case({"self_pity"}, "こちらも大変な状況にあることをご理解ください。"),
    case({"self_pity"}, "忙しくて、お客様への連絡まで手が回りませんでした。"),
    # hostility
    case({"hostility"}, "それは失礼な質問ですね。"),
    case({"hostility"}, "報道のせいで、お客様の不安が必要以上に広がりました。"),
    case({"hostility"}, "記事の内容によっては、法的措置も検討いたします。"),
    case({"hostility"}, "少しは勉強してから質問していただけますか。"),
    # conditional and weak apologies
    case({"conditional_apology"}, "ご迷惑をおかけしたとすれば、お詫び申し上げます。"),
    case({"conditional_apology"}, "誤解を招いたのであれば、申し訳なく思います。"),
    case(
        {"conditional_apology"},
        "不快な思いをされた方がいらっしゃったのであれば、申し訳なく思います。",
    ),
    case({"weak_apology"}, "今回の事態は誠に遺憾です。"),
    case({"weak_apology"}, "このような結果となり、大変残念に思っております。"),
    case({"conditional_apology", "weak_apology"}, "ご心配をおかけしたとしたら遺憾に思います。"),
    # cover-up
    case({"cover_up"}, "報道がなければ、公表するつもりはありませんでした。"),
    case({"cover_up"}, "当初は社内で内々に処理する方針でした。"),
    case({"cover_up"}, "お取引先との関係もあり、穏便に済ませたいと考えておりました。"),
    # session control
    case({"session_control"}, "時間ですので、これで終わりにさせていただきます。"),
    case({"session_control"}, "ご質問は１社１問でお願いいたします。"),
    case({"session_control"}, "同じ質問はやめてください。"),
    case({"session_control"}, "お時間の都合上、質問は以上とさせていただきます。"),
    # counts against the report (50,000 records, 30,000 people)
    case({"count_contradicts"}, "流出したのは約5,000件です。"),
    case({"count_contradicts"}, "対象となるお客様は最大で８万人です。"),
    case({"count_contradicts"}, "流出件数は1.2万件と把握しております。"),
    # counts against an earlier answer when the report has none
    case(
        {"count_changes"},
        "精査の結果、流出件数は3万件となりました。",
        report=NO_COUNTS,
        earlier=("現時点で把握している流出件数は約5万件です。",),
    ),
    # the discovery date (5 October)
    case({"date_contradicts"}, "不正アクセスを把握したのは10月3日です。"),
    case({"date_contradicts"}, "１０月１日の時点で、異常な通信に気づいておりました。"),
    # denials of the report's facts
    case({"denies_card_data"}, "カード情報は含まれておりません。"),
    case({"denies_encrypted"}, "データは暗号化されておりました。"),
    case(
        {"denies_encrypted", "minimising"},
        "顧客データは暗号化していたので、読み取られる心配はありません。",
        report={"encrypted": None},
        factors=("unencrypted",),
    ),
    case({"denies_leak"}, "現時点で、情報の漏えいは確認されておりません。"),
    case({"denies_leak"}, "情報流出は確認されておりません。"),
    case({"denies_leak"}, "現時点で、流出の事実は確認されておりません。"),
    # all-clear while the damage is still spreading
    case({"premature_all_clear"}, "被害はすでに収束しました。", factors=("spreading",)),
    case(
        {"premature_all_clear"},
        "封じ込めが完了し、被害の拡大はございません。",
        factors=("spreading",),
    ),
    # legal duty and clocks (card data, malicious: report required, 確報 in 60 days)
    case({"legal_duty_denied"}, "今回のケースでは、個人情報保護委員会への報告義務はございません。"),
    case({"legal_duty_denied"}, "委員会に届け出る必要はないと判断しております。"),
    case({"legal_duty_denied"}, "本件は個人情報保護委員会への報告対象に該当しません。"),
    case({"legal_deadline_wrong"}, "個人情報保護委員会には72時間以内に報告いたします。"),
    case({"legal_deadline_wrong"}, "確報は30日以内に提出する予定です。"),
    case({"legal_deadline_wrong"}, "速報は1か月以内に提出いたします。"),
    # the wrong person on stage for the theme
    case(
        {"wrong_speaker"},
        "侵入経路はVPN機器の設定不備と報告を受けております。",
        theme="technical",
        speaker="代表取締役社長",
    ),
    case(
        {"wrong_speaker"},
        "個人情報保護委員会には速報を提出済みです。",
        theme="regulators",
        speaker="広報部長",
    ),
    # several at once
    case(
        {"hostility", "blame", "self_pity"},
        "失礼な質問ですね。委託先が悪いのであって、私どもも大変なんです。",
    ),
    # good answers: nothing to flag
    case(
        set(),
        "本日はお忙しい中お集まりいただき、ありがとうございます。まず、お客様に多大なるご迷惑と"
        "ご心配をおかけしておりますことを、深くお詫び申し上げます。",
    ),
    case(
        set(),
        "このたびは、お客様の大切な個人情報を流出させてしまい、誠に申し訳ございません。"
        "管理体制に不備があり、全ての責任は当社にございます。",
    ),
    case(
        set(),
        "侵入経路は現在調査中です。外部の専門機関による調査結果を、10月20日までにご報告いたします。",
    ),
    case(
        set(),
        "警察の捜査に支障をきたすおそれがあるため、攻撃の手口の詳細については申し上げられません。",
    ),
    case(set(), "被害者保護の観点から、個別のお客様のお名前はお答えいたしかねます。"),
    case(set(), "警察の捜査中ですので、侵入の手口については申し上げられません。"),
    case(
        set(),
        "ただ、現時点では調査中の事項が多く、確定した数字は10月20日の会見でお示しいたします。",
    ),
    case(set(), "長時間の会見となりましたが、ご質問には最後までお答えいたします。"),
    case(set(), "流出したおそれがあるのは約５万件、人数にして３万人分の情報です。"),
    case(set(), "最大5万件、3万人以上のお客様に影響が及ぶ可能性がございます。"),
    case(set(), "不正アクセスを把握したのは１０月５日です。"),
    case(
        set(),
        "個人情報保護委員会には速報を提出済みです。確報は、不正アクセスによる事案ですので、"
        "60日以内に提出いたします。",
    ),
    case(set(), "確報は12月4日までに個人情報保護委員会へ提出いたします。"),
    case(
        set(),
        "委託先の誤設定により、弊社システムの設定が不備のまま運用されていました。"
        "確報は30日以内に提出いたします。",
        malicious=False,
    ),
    case(set(), "二度とこのような事態を起こさないよう、再発防止に全力で取り組んでまいります。"),
    case(set(), "再発防止に万全を期してまいります。"),
    case(set(), "完全に安全とは言えませんが、多要素認証の導入などの対策を講じました。"),
    case(set(), "100%安全とは申し上げられませんが、できる限りの対策を講じてまいります。"),
    case(
        set(),
        "当該データベースは暗号化していませんでした。私どもの認識が甘かったと反省しております。",
    ),
    case(set(), "暗号化されていれば、今回の被害は防げました。当社の落ち度でございます。"),
    case(
        set(),
        "カード情報が含まれていたことを確認しております。カード会社と連携し、不正利用の監視を強化しております。",
    ),
    case(
        set(),
        "攻撃者については特定できておりません。一部で中国の関与が報じられていますが、根拠はございません。",
    ),
    case(
        set(),
        "委託先が設定を誤ったことが直接の原因ですが、委託先の監督を含めて当社の責任です。",
    ),
    case(set(), "おそらくVPN機器が侵入口と見ておりますが、まだ未確認の段階です。"),
    case(
        set(),
        "被害はまだ収束しておりません。引き続き、拡大の有無を調査しております。",
        factors=("spreading",),
    ),
    case(set(), "被害はすでに収束しました。"),
    case(
        set(),
        "決して隠すつもりはございませんでした。公表が遅れましたことを深くお詫び申し上げます。",
    ),
    case(set(), "誠に遺憾であり、被害に遭われたお客様に深くお詫び申し上げます。"),
    case(set(), "ご不便とご心配をおかけしておりますことを、深くお詫び申し上げます。"),
    case(set(), "不正利用による損害は、当社が全額補償いたします。"),
    case(set(), "不正利用の被害は100%補償いたします。"),
    case(set(), "72時間体制でシステムの監視を続けております。"),
    case(
        set(),
        "本件は個人情報保護委員会への報告義務がある事案と認識しており、既に速報を提出しました。",
    ),
    case(
        set(),
        "ご質問が尽きるまで、時間の制限は設けずにお答えいたします。",
    ),
    case(
        set(),
        "攻撃者はVPN機器の既知の脆弱性を悪用して侵入しました。修正プログラムは適用済みです。",
        theme="technical",
        speaker="最高情報セキュリティ責任者（CISO）",
    ),
    case(
        set(),
        "経営トップとして責任を痛感しております。外部調査委員会の報告を受け、"
        "11月末までに経営責任を明らかにいたします。",
        theme="executive",
        speaker="代表取締役社長",
    ),
    case(
        set(),
        "先ほど申し上げたとおり、流出件数は約5万件です。",
        report=NO_COUNTS,
        earlier=("現時点で把握している流出件数は約5万件です。",),
    ),
    case(
        set(),
        "暗号鍵は流出しておらず、強固な暗号化が施されていたため、報告義務はございませんが、"
        "自主的に公表いたしました。",
        report={"encrypted": True, "card_data": False},
        malicious=False,
    ),
]

EN = [
    # refusal
    case({"refusal"}, "No comment."),
    case({"refusal"}, "I can't comment on that."),
    case({"refusal"}, "We decline to comment on the attacker's demands."),
    case({"refusal"}, "We are not in a position to say how the attackers got in."),
    case({"refusal"}, "I cannot tell you which systems were affected."),
    case({"refusal"}, "We won't be commenting on that."),
    case({"refusal"}, "I'm not able to comment on the ransom demand."),
    case({"refusal"}, "I'd rather not comment on that."),
    # speculation
    case({"speculation"}, "It was probably a phishing email."),
    case({"speculation"}, "Maybe someone inside the company leaked it."),
    case({"speculation"}, "I think it was an old server we forgot to patch."),
    case({"speculation"}, "My guess is that they got in through the VPN."),
    case({"speculation", "blame"}, "It must have been a former employee with a grudge."),
    # attribution
    case({"attribution"}, "This was a Chinese state-sponsored attack."),
    case({"attribution"}, "The attack came from North Korea."),
    case({"attribution"}, "We believe APT29 is responsible."),
    case({"attribution"}, "The Lazarus Group is behind this."),
    # minimising
    case({"minimising"}, "Only a few customers were affected."),
    case({"minimising"}, "Frankly, this is a minor incident."),
    case({"minimising"}, "Only email addresses were exposed, nothing sensitive."),
    case({"minimising"}, "There is nothing to worry about."),
    case({"minimising"}, "It was just a handful of accounts."),
    # blame
    case({"blame"}, "The vendor failed to apply a security patch."),
    case({"blame"}, "A contractor left the database open to the internet."),
    case({"blame"}, "An intern set the administrator password."),
    case(
        {"blame"}, "Customers reused passwords from other sites, which is how the attackers got in."
    ),
    case({"blame"}, "We are also victims of a criminal attack."),
    # absolute
    case({"absolute"}, "This will never happen again."),
    case({"absolute"}, "We guarantee that our systems are now completely secure."),
    case({"absolute"}, "With the new firewall, another breach is impossible."),
    case({"absolute"}, "Our systems are now 100% secure."),
    case({"absolute"}, "We can assure you this will not happen again."),
    # self-pity
    case({"self_pity"}, "I haven't slept in three days."),
    case({"self_pity"}, "This happened before my time as CEO."),
    case({"self_pity"}, "Believe me, this has been hard for us as well."),
    # hostility
    case({"hostility"}, "That's a ridiculous question."),
    case({"hostility"}, "Frankly, your coverage caused much of the panic."),
    case({"hostility"}, "Do your homework before you ask me that."),
    case({"hostility"}, "You people always twist our words."),
    # conditional and weak apologies
    case({"conditional_apology"}, "We apologise if anyone was inconvenienced."),
    case({"conditional_apology"}, "I'm sorry if anyone was upset by our earlier statement."),
    case(
        {"conditional_apology", "weak_apology"}, "We regret any inconvenience this may have caused."
    ),
    case({"weak_apology"}, "This is a disappointing event for our company."),
    case({"weak_apology"}, "It is unfortunate that this happened."),
    # cover-up
    case({"cover_up"}, "We did not intend to disclose this until the investigation was finished."),
    case({"cover_up"}, "Our plan was to handle it internally."),
    case({"cover_up"}, "If the press had not reported it, we would have waited."),
    # session control
    case({"session_control"}, "We're out of time, so no more questions."),
    case({"session_control"}, "One question per outlet, please."),
    case({"session_control"}, "Please stop asking the same question."),
    # counts against the report (50,000 records, 30,000 people)
    case({"count_contradicts"}, "About 5,000 records were affected."),
    case({"count_contradicts"}, "Up to 1.2 million customers may be affected."),
    case({"count_contradicts"}, "We have confirmed 80 thousand accounts so far."),
    # counts against an earlier answer when the report has none
    case(
        {"count_changes"},
        "So far we have counted around 20,000 records.",
        report=NO_COUNTS,
        earlier=("We believe about 50,000 records were affected.",),
    ),
    # the discovery date (5 October)
    case({"date_contradicts"}, "We discovered the intrusion on 3 October."),
    case({"date_contradicts"}, "We first detected unusual traffic on October 1."),
    # denials of the report's facts
    case({"denies_card_data"}, "No credit card data was involved."),
    case({"denies_card_data"}, "Card numbers were not affected."),
    case({"denies_encrypted"}, "The data was encrypted, so it cannot be read."),
    case(
        {"denies_encrypted"},
        "All customer records are encrypted.",
        report={"encrypted": None},
        factors=("unencrypted",),
    ),
    case({"denies_leak"}, "No data was leaked."),
    case({"denies_leak"}, "There is no evidence that any data was stolen."),
    # all-clear while the damage is still spreading
    case({"premature_all_clear"}, "The incident is fully contained.", factors=("spreading",)),
    case({"premature_all_clear"}, "The situation is under control.", factors=("spreading",)),
    # legal duty and clocks
    case({"legal_duty_denied"}, "We are not required to report this to the regulator."),
    case({"legal_duty_denied"}, "There is no obligation to report a breach of this kind."),
    case({"legal_deadline_wrong"}, "We will file the final report within 30 days."),
    case({"legal_deadline_wrong"}, "We will submit the preliminary report within one month."),
    case(
        {"legal_deadline_wrong"},
        "We will notify the Personal Information Protection Commission within 72 hours.",
    ),
    # the wrong person on stage for the theme
    case(
        {"wrong_speaker"},
        "As far as I understand, the attackers used SQL injection.",
        theme="technical",
        speaker="CEO",
    ),
    case(
        {"wrong_speaker"},
        "The board will decide on executive accountability once the review is complete.",
        theme="executive",
        speaker="Chief Information Security Officer",
    ),
    case(
        {"wrong_speaker"},
        "The attackers exploited an unpatched VPN appliance.",
        theme="technical",
        speaker="Chief Executive Officer",
    ),
    # several at once
    case({"hostility", "blame"}, "That's a stupid question. We are victims too."),
    # good answers: nothing to flag
    case(
        set(),
        "Thank you all for coming. First, I want to apologise to our customers for the worry "
        "and inconvenience this has caused.",
    ),
    case(set(), "Our supervision of the contractor was not good enough, and that is on us."),
    case(
        set(),
        "We have not found any sign that the attackers are still in our network, but "
        "monitoring continues around the clock.",
    ),
    case(
        set(),
        "We sincerely apologise to the 30,000 customers whose data was exposed. "
        "This happened on our systems, and it is our responsibility.",
    ),
    case(
        set(),
        "We do not yet know how the attacker got in. Our forensic team is reviewing the logs, "
        "and we will give you an update on 12 October.",
    ),
    case(
        set(),
        "Because the police investigation is ongoing, I can't comment on how the attackers got in.",
    ),
    case(
        set(),
        "To protect the victims, we cannot tell you the names of individual customers.",
    ),
    case(
        set(),
        "We cannot guarantee that an attack will never happen again, but we have introduced "
        "multi-factor authentication for all staff.",
    ),
    case(set(), "The customer database was not encrypted. That was our failure, and we are sorry."),
    case(set(), "Around 50,000 records were affected, covering about 30,000 people."),
    case(set(), "More than 50 thousand records and up to 30,000 customers may be affected."),
    case(set(), "We became aware of the intrusion on October 5."),
    case(
        set(),
        "Credit card numbers were among the data taken, and we have asked the card companies "
        "to watch for fraudulent use.",
    ),
    case(
        set(),
        "The breach happened at the contractor that runs our website, but choosing and "
        "supervising that contractor is our responsibility.",
    ),
    case(
        set(),
        "Some outlets have named North Korea, but we have no evidence of who is behind this.",
    ),
    case(
        set(),
        "We have submitted a preliminary report to the Personal Information Protection "
        "Commission, and the final report will follow within 60 days.",
    ),
    case(
        set(),
        "The final report to the Personal Information Protection Commission is due within 30 days.",
        malicious=False,
    ),
    case(
        set(),
        "We are reporting this to the Personal Information Protection Commission because the "
        "law requires it when card data may have leaked.",
    ),
    case(
        set(),
        "The data was protected with strong encryption and the key was not taken, so we are "
        "not required to report this, but we are publishing the facts voluntarily.",
        report={"encrypted": True, "card_data": False},
        malicious=False,
    ),
    case(
        set(),
        "The spread has not been contained yet; we are still isolating the affected servers.",
        factors=("spreading",),
    ),
    case(set(), "The incident is fully contained."),
    case(set(), "This is unfortunate, and we apologise to every customer affected."),
    case(set(), "We will reimburse 100% of any fraudulent charges."),
    case(set(), "It is impossible to say at this stage how many people were affected."),
    case(
        set(),
        "We cannot say for certain whether other systems were affected; the forensic "
        "review continues.",
    ),
    case(
        set(),
        "I am sorry. We failed to protect our customers' data, and I take responsibility as CEO.",
        theme="executive",
        speaker="CEO",
    ),
    case(
        set(),
        "The attackers exploited an unpatched VPN appliance, and we closed that hole the same day.",
        theme="technical",
        speaker="CISO",
    ),
    case(
        set(),
        "We have set up a dedicated hotline for affected customers, open from 9 am to 9 pm "
        "every day.",
    ),
    case(
        set(),
        "As I said earlier, about 50,000 records were affected.",
        report=NO_COUNTS,
        earlier=("We believe about 50,000 records were affected.",),
    ),
    case(
        set(),
        "We have not identified the attacker yet, and we will not speculate about it.",
    ),
]


@pytest.mark.parametrize(("answer", "ctx", "expected"), JA)
def test_japanese_answers(answer, ctx, expected):
    assert flags.language(answer) == "ja"
    assert codes(answer, context(**ctx)) == expected


@pytest.mark.parametrize(("answer", "ctx", "expected"), EN)
def test_english_answers(answer, ctx, expected):
    assert flags.language(answer) == "en"
    assert codes(answer, context(**ctx)) == expected


@pytest.mark.parametrize(("table", "name"), [(JA, "ja"), (EN, "en")])
def test_the_tables_cover_every_code_and_enough_good_answers(table, name):
    expected = [param.values[2] for param in table]
    covered = set().union(*expected)
    assert covered == ALL_CODES, f"{name} misses {ALL_CODES - covered}"
    assert len(table) >= 60
    assert sum(1 for e in expected if not e) >= 20


@pytest.mark.parametrize(
    ("answer", "code", "words"),
    [
        ("現時点では申しあげられません。", "refusal", ("申しあげられません",)),
        ("その点はお答えいたしかねます。", "refusal", ("お答えいたしかね",)),
        ("No comment at this stage.", "refusal", ("No comment",)),
        ("委託先が設定を誤りました。", "blame", ("委託先が",)),
        ("The vendor failed us.", "blame", ("The vendor failed",)),
        ("対策は万全です。", "absolute", ("万全",)),
        ("新しいシステムは１００％安全です。", "absolute", ("100%安全",)),  # NFKC
        ("対象は最大で８万人です。", "count_contradicts", ("80,000",)),
        (
            "ご迷惑をおかけしたとすれば残念です。",
            "conditional_apology",
            ("迷惑をおかけしたとすれば",),
        ),
        ("攻撃はAPT41によるものです。", "attribution", ("APT41",)),
        ("流出したのは約5,000件です。", "count_contradicts", ("5,000",)),
        ("10月3日に発覚しました。", "date_contradicts", ("10月3日",)),
        ("We discovered it on 3 October.", "date_contradicts", ("3 October",)),
        ("確報は30日以内に提出します。", "legal_deadline_wrong", ("確報は30日",)),
        ("No credit card data was involved.", "denies_card_data", ("No credit card",)),
    ],
)
def test_words_are_those_of_the_answer(answer, code, words):
    found = {f.code: f for f in detect(answer, context())}
    assert found[code].words == words


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("流出したおそれのある件数は５万件です。", False),
        ("対象は50,000件でございます。", False),
        ("約3万人のお客様にご迷惑をおかけしております。", False),
        ("最大5万件の情報が閲覧された可能性がございます。", False),
        ("5万件以上と見込んでおります。", False),
        ("対象のお客様は約3万人です。", False),
        ("対象となるお客様は３万名です。", False),
        ("30,000 customers have been notified.", False),
        ("About 49,000 records were affected.", False),  # within rounding of 50,000
        ("About 50 thousand customers are affected.", False),
        ("Some 0.05 million records were copied.", False),
        ("流出件数は約４万件です。", True),
        ("現在の集計では1.2万件です。", True),
        ("約８千人のお客様が対象です。", True),
        ("About 40,000 people are affected.", True),
        ("Up to 2 million records may have been copied.", True),
    ],
)
def test_count_normalisation(answer, flagged):
    assert ("count_contradicts" in codes(answer)) is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("流出件数は約1億件です。", False),
        ("流出件数は1.2億件です。", True),
        ("流出件数は約3000万件です。", True),
        ("We estimate 100,000,000 records were exposed.", False),
    ],
)
def test_count_in_oku(answer, flagged):
    ctx = context(report={"records": 100_000_000, "people": None})
    assert ("count_contradicts" in codes(answer, ctx)) is flagged


# Answers the detector gets wrong today, kept as strict expected failures so that the
# day one of them is fixed the test says so. None can be fixed in the lexicons alone.
KNOWN_WEAKNESSES = [
    # 件 and 人 are not told apart, so the report's two figures (50,000 records, 30,000
    # people) pass when swapped
    case({"count_contradicts"}, "流出件数は3万件です。"),
    case({"count_contradicts"}, "約5万人のお客様が対象です。"),
    # any second date in an answer that mentions discovery is taken for the discovery date
    case(
        set(),
        "10月5日に不正アクセスを把握し、10月8日に個人情報保護委員会へ速報を提出いたしました。",
    ),
    case(
        set(),
        "We discovered the intrusion on 5 October and reported it to the Personal Information "
        "Protection Commission on 8 October.",
    ),
    # japanese.words drops tense, so a promise to encrypt reads as a claim it was encrypted
    case(
        set(),
        "当該データは暗号化しておりませんでした。今後は全ての個人情報を暗号化して保存いたします。",
    ),
    # "a contractor" is blame even when the contractor is hired to fix things
    case(set(), "We have brought in a contractor to rebuild the web servers."),
    # a 確報 deadline in months is not read
    case({"legal_deadline_wrong"}, "確報は発覚から1か月以内に提出します。"),
]


@pytest.mark.parametrize(
    ("answer", "ctx", "expected"),
    [
        # a figure in two units is one figure
        case(set(), "精査の結果、流出件数は1万2千件でございます。", report={"records": 12_000}),
        case({"count_contradicts"}, "流出件数は4万2千件です。"),
        # the typographic apostrophe phones type
        case({"refusal"}, "I can\u2019t comment on that."),
    ],
)
def test_figures_in_two_units_and_typographic_apostrophes(answer, ctx, expected):
    assert codes(answer, context(**ctx)) == expected


@pytest.mark.parametrize(("answer", "ctx", "expected"), KNOWN_WEAKNESSES)
@pytest.mark.xfail(strict=True, reason="known detector weakness, see the comment on the case")
def test_known_weaknesses(answer, ctx, expected):
    assert codes(answer, context(**ctx)) == expected


@pytest.mark.parametrize(
    "answer",
    [
        "対応には3名の担当者が当たっております。",
        "全会員800万人のうち、約5万人の情報が流出いたしました。",
        "We have 12 people working on the hotline.",
        "Of our 8 million members, about 50,000 were affected.",
    ],
)
def test_figures_of_another_order_than_the_report_are_not_counts_of_it(answer):
    assert codes(answer) == set()


def test_count_contradicts_names_the_report_figure():
    (flag,) = [
        f for f in detect("About 45,000 records.", context()) if f.code == "count_contradicts"
    ]
    assert flag.params == {"stated": 50_000}
    assert flag.severity == flags.CRITICAL


def test_count_changes_names_the_earlier_figure():
    ctx = context(report=NO_COUNTS, earlier=("約5万件です。", "その後、約6万件に増えました。"))
    (flag,) = detect("流出件数は約3万件です。", ctx)
    assert (flag.code, flag.words, flag.params) == (
        "count_changes",
        ("30,000",),
        {"before": 60_000},
    )


def test_the_report_figure_wins_over_an_earlier_answer():
    ctx = context(earlier=("約3万件と申し上げました。",))
    assert codes("正しくは約5万件です。", ctx) == set()
    assert codes("人数では先ほどの通り約3万人です。", ctx) == set()  # 30,000 people
    assert codes("約8万件です。", ctx) == {"count_contradicts"}


@pytest.mark.parametrize(
    ("answer", "factors", "flagged"),
    [
        ("被害は収束しました。", ("spreading",), True),
        ("被害は収束しました。", (), False),
        ("被害は収束しました。", ("unencrypted",), False),
        ("これ以上の被害はございません。", ("spreading", "unencrypted"), True),
        ("The attack has been contained.", ("spreading",), True),
        ("The attack has been contained.", (), False),
        ("No further damage is expected.", ("spreading",), True),
        ("No further damage is expected.", (), False),
    ],
)
def test_premature_all_clear_only_when_spreading(answer, factors, flagged):
    assert ("premature_all_clear" in codes(answer, context(factors=factors))) is flagged


@pytest.mark.parametrize(
    ("answer", "encrypted", "factors", "flagged"),
    [
        ("データは暗号化しておりました。", False, (), True),
        ("データは暗号化しておりました。", True, (), False),
        ("データは暗号化しておりました。", None, (), False),
        ("データは暗号化しておりました。", None, ("unencrypted",), True),
        ("データは暗号化しておりました。", True, ("unencrypted",), True),
        ("データは暗号化しておりませんでした。", False, (), False),
        ("データは暗号化していなかったのが実情です。", False, (), False),
        ("The records were encrypted.", False, (), True),
        ("The records were encrypted.", True, (), False),
        ("The records were encrypted.", None, ("unencrypted",), True),
        ("The records were not encrypted.", False, (), False),
        ("The records were unencrypted.", False, (), False),
    ],
)
def test_denies_encrypted_only_against_the_facts(answer, encrypted, factors, flagged):
    ctx = context(report={"encrypted": encrypted}, factors=factors)
    assert ("denies_encrypted" in codes(answer, ctx)) is flagged


@pytest.mark.parametrize(
    ("answer", "card_data", "flagged"),
    [
        ("カード情報は流出しておりません。", True, True),
        ("カード情報は流出しておりません。", False, False),
        ("カード情報は流出しておりません。", None, False),
        ("No payment data was taken.", True, True),
        ("No payment data was taken.", False, False),
    ],
)
def test_denies_card_data_only_when_the_report_says_card_data(answer, card_data, flagged):
    ctx = context(report={"card_data": card_data})
    assert ("denies_card_data" in codes(answer, ctx)) is flagged


@pytest.mark.parametrize(
    ("answer", "report", "flagged"),
    [
        ("流出の事実はございません。", {}, True),
        ("流出の事実はございません。", NO_COUNTS, False),
        ("Nothing was leaked.", {}, True),
        ("Nothing was leaked.", NO_COUNTS, False),
    ],
)
def test_denies_leak_only_when_the_report_has_a_count(answer, report, flagged):
    assert ("denies_leak" in codes(answer, context(report=report))) is flagged


@pytest.mark.parametrize(
    ("answer", "cause", "flagged"),
    [
        (
            "警察からは、ロシアを拠点とするグループの犯行と説明を受けています。",
            "ロシアを拠点とするランサムウェアグループ",
            False,
        ),
        (
            "警察からは、ロシアを拠点とするグループの犯行と説明を受けています。",
            "不正アクセス",
            True,
        ),
        ("警察から、北朝鮮の関与を示す分析結果の提供を受けております。", "ロシアのグループ", True),
        (
            "The police have told us a Russian-speaking ransomware group carried out the attack.",
            "Russian-speaking ransomware group (police statement)",
            False,
        ),
        (
            "The police have told us a Russian-speaking ransomware group carried out the attack.",
            "unauthorised access",
            True,
        ),
        ("This was the work of APT41.", "intrusion attributed to APT41 by the police", False),
        ("This was the work of APT41.", "intrusion by an unknown party", True),
    ],
)
def test_attribution_not_flagged_when_the_report_names_it(answer, cause, flagged):
    ctx = context(report={"cause": cause})
    assert ("attribution" in codes(answer, ctx)) is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("現時点では申し上げられません。", True),
        ("次回の会見で申し上げますので、現時点では申し上げられません。", False),
        ("10月20日の調査報告で公表いたします。現時点では申し上げられません。", False),
        ("警察と協議中のため、現時点では申し上げられません。", False),
        ("I can't say at this point.", True),
        ("I can't say until the forensic report arrives on Friday.", False),
        ("I can't say, because the police have asked us not to.", False),
        ("I can't say yet; we will cover it at our next briefing.", False),
        ("捜査中ですので、申し上げられません。", False),
        ("攻撃の手口の詳細は申し上げられませんので、ご了承ください。", True),
    ],
)
def test_refusal_with_a_reason_or_a_time_is_not_flagged(answer, flagged):
    assert ("refusal" in codes(answer)) is flagged


@pytest.mark.parametrize(
    ("answer", "malicious", "flagged"),
    [
        ("確報は30日以内に提出します。", True, True),
        ("確報は30日以内に提出します。", False, False),
        ("確報は60日以内に提出します。", True, False),
        ("確報は60日以内に提出します。", False, True),
        ("確報は発覚から90日以内に提出します。", True, True),
        ("確報は12月4日までに提出します。", True, False),
        ("速報は1ヶ月以内に提出します。", True, True),
        ("速報は発覚から3日以内に提出しました。", True, False),
        ("72時間以内に個人情報保護委員会へ報告します。", True, True),
        ("72時間以内に監視体制を強化します。", True, False),
        ("We will send the final report within 30 days.", True, True),
        ("We will send the final report within 30 days.", False, False),
        ("We will send the final report within 60 days.", True, False),
        ("The preliminary report is due within one month.", True, True),
        ("We will report to the PPC within 72 hours.", True, True),
        ("We monitored the network for 72 hours after the attack.", True, False),
    ],
)
def test_legal_deadlines(answer, malicious, flagged):
    ctx = context(malicious=malicious)
    assert ("legal_deadline_wrong" in codes(answer, ctx)) is flagged


def test_legal_deadline_names_the_right_number_of_days():
    (flag,) = detect("確報は30日以内に提出します。", context())
    assert flag.params == {"days": 60}
    (flag,) = detect("We will send the final report within 60 days.", context(malicious=False))
    assert flag.params == {"days": 30}


@pytest.mark.parametrize(
    ("report", "ctx", "required"),
    [
        ({}, {}, True),  # card data and a malicious cause
        ({}, {"personal_data": False}, False),
        ({"encrypted": True}, {}, False),  # strong encryption exempts the leak
        ({"encrypted": True}, {"factors": ("unencrypted",)}, True),
        ({"card_data": False, "records": 1_500, "people": None}, {"malicious": False}, True),
        ({"card_data": False, "records": 800, "people": 600}, {"malicious": False}, False),
        ({"card_data": False, "records": 1_000, "people": None}, {"malicious": False}, False),
        ({"card_data": False, "records": 10, "people": None}, {"malicious": True}, True),
        ({"card_data": True, "records": 1, "people": 1}, {"malicious": False}, True),
        ({"card_data": None, "records": None, "people": None}, {"malicious": False}, False),
    ],
)
def test_report_required(report, ctx, required):
    assert report_required(context(report=report, **ctx)) is required


@pytest.mark.parametrize(
    ("answer", "report", "ctx", "flagged"),
    [
        ("個人情報保護委員会への報告義務はございません。", {}, {}, True),
        (
            "個人情報保護委員会への報告義務はございません。",
            {"encrypted": True},
            {},
            False,
        ),
        (
            "個人情報保護委員会への報告義務はございません。",
            {"card_data": False, "records": 300, "people": None},
            {"malicious": False},
            False,
        ),
        ("報告の必要はございません。", {}, {}, True),
        ("We don't need to report this to the PPC.", {}, {}, True),
        ("We don't need to report this to the PPC.", {}, {"personal_data": False}, False),
    ],
)
def test_legal_duty_denied_follows_report_required(answer, report, ctx, flagged):
    assert ("legal_duty_denied" in codes(answer, context(report=report, **ctx))) is flagged


@pytest.mark.parametrize(
    ("theme", "speaker", "flagged"),
    [
        ("technical", "代表取締役社長", True),
        ("technical", "情報システム部長", False),
        ("technical", "CISO", False),
        ("technical", "Chief Technology Officer", False),
        ("technical", "Chief Executive Officer", True),
        ("executive", "代表取締役社長", False),
        ("executive", "Chairman", False),
        ("executive", "CISO", True),
        ("responsibility", "広報部長", True),
        ("regulators", "法務部長", False),
        ("regulators", "Head of Communications", True),
        ("compensation", "カスタマーサポート室長", False),
        ("compensation", "CS部長", False),
        ("compensation", "IT Security Manager", True),
        ("cause", "CTO", False),
        ("cause", "司会", True),
        ("technical", "山田太郎", False),  # a name alone says nothing about the role
        ("technical", "", False),
        (None, "代表取締役社長", False),  # not a bank question
        ("timeline", "代表取締役社長", False),  # a theme without an expected role
    ],
)
def test_wrong_speaker(theme, speaker, flagged):
    ctx = context(theme=theme, speaker=speaker)
    found = [f for f in detect("侵入経路については調査中です。", ctx) if f.code == "wrong_speaker"]
    assert bool(found) is flagged
    if found:
        assert found[0].words == (speaker,)
        assert found[0].params == {"theme": theme}
        assert found[0].severity == flags.MINOR


def test_most_serious_first():
    answer = "たぶん委託先が悪いんです。失礼な質問ですね。"
    severities = [f.severity for f in detect(answer, context(theme="technical", speaker="広報"))]
    assert severities == sorted(severities, key=[flags.CRITICAL, flags.MAJOR, flags.MINOR].index)
    assert severities[0] == flags.CRITICAL and severities[-1] == flags.MINOR


def test_no_context_and_empty_answers():
    assert detect("") == []
    assert detect("心よりお詫び申し上げます。") == []
    assert {f.code for f in detect("No comment.")} == {"refusal"}


def test_today_does_not_change_the_answer_check():
    ctx = context(today=date(2026, 10, 9))
    assert codes("不正アクセスを把握したのは10月5日です。", ctx) == set()


@pytest.mark.parametrize(
    ("today", "answer", "flagged"),
    [
        # discovered 5 October: the preliminary report is due within days
        (date(2026, 10, 8), "個人情報保護委員会への報告はこれから行います。", False),
        (date(2026, 10, 15), "個人情報保護委員会への報告はこれから行います。", True),
        (date(2026, 10, 15), "速報はまだ提出していません。", True),
        (date(2026, 10, 15), "10月7日に個人情報保護委員会へ速報を提出しました。", False),
        (date(2026, 10, 15), "We have not yet reported it to the Commission.", True),
        (date(2026, 10, 15), "We reported it to the Commission on 7 October.", False),
        (None, "速報はまだ提出していません。", False),  # no date to count from
    ],
)
def test_a_preliminary_report_still_to_come_days_after_discovery(today, answer, flagged):
    found = {f.code: f for f in detect(answer, context(today=today))}
    assert ("preliminary_overdue" in found) is flagged
    if flagged:
        assert found["preliminary_overdue"].params == {"days": (today - date(2026, 10, 5)).days}


@pytest.mark.parametrize(
    ("expected", "answer"),
    [
        # cases found in review: good answers that looked like bad ones
        (set(), "隠すことなく、すべての事実を公表します。"),
        (set(), "担当者のミスではなく、管理体制の問題です。"),
        (set(), "中国地方の店舗のお客様も対象です。"),
        (set(), "Our Chinese subsidiary's customers are affected too."),
        (set(), "It is impossible for us to confirm that yet; we will update at 6 pm."),
        (set(), "100%安全だとは断言できません。"),
        # and bad ones that slipped through
        ({"denies_leak"}, "流出はありません。"),
        ({"denies_leak"}, "個人情報の流出はございません。"),
        ({"blame"}, "私どもも被害者です。"),
    ],
)
def test_review_findings(expected, answer):
    assert codes(answer) == expected
