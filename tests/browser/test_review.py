"""The review in Chromium: a flagged answer becomes an improvement item, the team revises its
report with the item's reason, incident 2 opens with tomorrow's headlines, and the wrap-up
shows how the team's scores changed between the incidents."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def connected(page):
    expect(page.locator("[data-connection]")).to_have_text("接続済み")


def ask_live_answer(phone, instructor, team, question, answer):
    phone.fill("[data-ask] textarea", question)
    phone.locator("[data-ask] button[type=submit]").click()
    queued = instructor.locator("[data-queue] li", has_text=question)
    queued.locator("[data-action=live]").click()
    expect(team.locator("[data-live] .text")).to_have_text(question)
    team.select_option("[data-speaker-select]", index=0)
    team.fill("[data-answer] textarea", answer)
    team.locator("[data-answer] button[type=submit]").click()
    expect(instructor.locator("[data-live] .summary")).to_have_text(answer)


def score(instructor, values):
    form = instructor.locator("[data-score]")
    expect(form).to_be_visible()
    for criterion, value in values.items():
        form.locator(f"input[name={criterion}][value='{value}']").check()
    form.locator("button[type=submit]").click()
    expect(instructor.locator("[data-score-status]")).to_have_text("採点を保存しました")


def end(instructor):
    instructor.locator("[data-clock=end]").click()
    expect(instructor.locator("[data-clock-state]")).to_have_text("終了")


def open_and_end(instructor, team_name):
    row = instructor.locator(f"[data-team-row='{team_name}']")
    row.locator("button", has_text="記者会見を開く").click()
    expect(instructor.locator(f"[data-team-row='{team_name}']")).to_contain_text("表示中")
    connected(instructor)
    end(instructor)


def save(page):
    page.locator("[data-docform] button[type=submit]").click()
    expect(page.locator(".notice").first).to_be_visible()


def test_a_flagged_answer_is_revised_and_the_wrap_up_shows_the_change(server, open_page):
    instructor = open_page("review-instructor", "ja-JP")
    instructor.on("dialog", lambda dialog: dialog.accept())
    instructor.goto(server.links["instructor"])
    instructor.locator(".cards a").first.click()
    console = instructor.url
    connected(instructor)
    team = open_page("review-team-a", "ja-JP")
    team.goto(server.links["teams"][0])
    connected(team)
    screen = open_page("review-screen", "ja-JP")
    screen.goto(server.links["screen"])
    connected(screen)
    phone = open_page("review-reporter", "ja-JP", phone=True)
    phone.goto(server.links["join"])
    phone.fill("#name", "記者1")
    phone.check("input[name=outlet][value=weekly_magazine]")
    phone.locator("form.stack button[type=submit]").click()
    connected(phone)

    for index, incident in ((1, "forum_docs"), (2, "spoofed_mail")):
        other = open_page(f"review-team-{index}", "ja-JP")
        other.goto(server.links["teams"][index])
        other.locator("[data-documents-link]").click()
        other.locator(f"[data-incident-option={incident}] button").click()
        expect(other.locator("[data-incident='1'] h2")).not_to_have_text("インシデント1")
    instructor.reload()
    connected(instructor)

    # Incident 1: an answer that blames the vendor and gets the count wrong.
    instructor.locator("[data-clock=start]").click()
    ask_live_answer(
        phone,
        instructor,
        team,
        "何件の情報が漏れたのですか。",
        "約1万件です。委託先が設定を誤りました。",
    )
    flags = instructor.locator("[data-live] [data-flags]")
    expect(flags.locator("[data-flag=blame]")).to_contain_text("責任転嫁")
    expect(flags.locator("[data-flag=count_contradicts]")).to_contain_text("5,000")
    score(instructor, {"facts": 0, "care": 1, "ownership": 0})
    end(instructor)
    for name in ("チームB", "チームC"):
        open_and_end(instructor, name)
    instructor.locator("[data-next-phase=review]").click()
    expect(instructor.locator("[data-phase-control] h2")).to_contain_text("改善検討")

    # The instructor writes tomorrow's headlines; the team turns the flag into an item.
    instructor.locator("[data-review-link='チームA']").click()
    instructor.locator("[data-write-headlines]").click()
    expect(instructor.locator("[data-headlines='1']")).to_contain_text("責任を転嫁か")
    # the shared screen reloads and shows them, quoting the words that raised the flag
    expect(screen.locator("[data-screen-headlines]")).to_contain_text(
        "「委託先が設定を誤りました」"
    )

    team.locator("[data-review-link]").click()
    row = team.locator("tr", has_text="委託先が設定を誤りました")
    expect(row.locator("[data-flag=blame]")).to_contain_text("委託先")
    row.locator("[data-make-item] summary").click()
    row.locator("select[name=kind]").select_option("report")
    row.locator("textarea[name=text]").fill(
        "原因の説明で委託先の責任にせず、当社の監督責任を明記する"
    )
    row.locator("[data-make-item] button[type=submit]").click()
    expect(team.locator("[data-open-items]")).to_contain_text("当社の監督責任を明記する")
    team.locator("[data-revise]").first.click()
    expect(team.locator("[data-item-banner]")).to_contain_text("当社の監督責任を明記する")
    expect(team.locator("#reason")).to_have_value(
        "原因の説明で委託先の責任にせず、当社の監督責任を明記する"
    )
    team.fill("#f-cause", "会員ページ改修時の確認漏れです。委託先の監督を含め、当社の責任です。")
    team.locator("[data-docform] button[type=submit]").click()  # back to the review
    expect(team.locator("[data-done-items]")).to_contain_text("当社の監督責任を明記する")
    expect(team.locator("[data-open-items]")).to_contain_text("未完了の項目はありません")

    # Incident 2 under the failed-conference factor starts from the headlines.
    instructor.goto(console)
    instructor.locator("[data-second-link]").click()
    instructor.locator("input[name=factor][value=failed_conf]").check()
    instructor.locator("[data-second] button[type=submit]").click()
    instructor.goto(console)
    instructor.locator("[data-next-phase=incident_2]").click()
    expect(instructor.locator("[data-phase-control] h2")).to_contain_text("第2インシデント")
    docs = team.url.split("/review/")[0] + f"/team/w/{console.rstrip('/').split('/')[-1]}"
    team.goto(docs + "/doc/agenda?n=2")
    team.fill("#f-recipients", "報道関係各位")
    team.fill("#f-title", "前回会見の訂正とお詫び")
    team.fill("[name='speakers.0.title']", "代表取締役社長")
    team.fill("[name='speakers.0.name']", "山田 太郎")
    save(team)
    team.goto(docs + "/doc/report?n=2")
    team.fill("#f-title", "前回の説明の訂正とお詫び")
    team.fill("#f-summary", "前回の会見で誤った件数を申し上げました。訂正し、お詫び申し上げます。")
    save(team)
    instructor.goto(console)
    row = instructor.locator("[data-team-row='チームA']")
    row.locator("button", has_text="記者会見を開く").click()
    expect(phone.locator("[data-news]")).to_contain_text("責任を転嫁か")

    team.goto(server.links["teams"][0])
    connected(team)
    connected(instructor)
    instructor.locator("[data-clock=start]").click()
    ask_live_answer(
        phone,
        instructor,
        team,
        "前回の説明は何だったのですか。",
        "前回の説明は誤りでした。当社の責任です。心よりお詫び申し上げます。",
    )
    score(instructor, {"facts": 3, "care": 3, "ownership": 3})
    end(instructor)

    instructor.locator("[data-wrapup-link]").click()
    expect(instructor.locator("[data-delta='チームA:care']")).to_contain_text("+2.0")
    expect(instructor.locator("[data-delta='チームA:ownership']")).to_contain_text("+3.0")
    expect(instructor.locator("[data-wrap-team='チームA'] [data-changes]")).to_contain_text(
        "当社の監督責任を明記する"
    )
    for page in (instructor, team, phone, screen):
        assert page.errors == [], (page.name, page.errors)
