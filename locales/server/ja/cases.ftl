# サーバー専用（server/src/case_words.rs 参照）。wasm アプリのビルドが読む locales/ja/ には置きません。
# 保護者の同意を得て共有する事例（issue 13）：サーバーが事例の本文に書き込む言葉。
# 見出しは、日本語で書かれた事例の長い本文で、それぞれの側のメッセージの上に置きます。

case-heading-parent = 【相談】
case-heading-staff = 【回答】

# 事例の操作ができなかった理由（`CaseRefusal::fluent_id`）。スタッフと保護者の事例画面で使います。
case-refusal-unknown-case = この事例は見つかりませんでした。
case-refusal-unknown-conversation = この相談は見つかりませんでした。
case-refusal-nothing-to-propose = この相談には、まだ事例にできるメッセージがありません。
case-refusal-edit-reveals-hidden = 伏せていた個人情報が戻っています。伏せたままにしてください。
case-refusal-edit-adds-contact = 電話番号やメールアドレスは事例に載せられません。
case-refusal-empty-text = 本文が空です。
case-refusal-text-too-long = 本文が長すぎます。短くしてください。
case-refusal-wording-fixed = 保護者の方が承認した文面のため、変更できません。
case-refusal-closed = 保護者の方がお断り、または同意を取り消されたため、この事例は終了しています。
case-refusal-not-sent = この事例は、まだ保護者の方にお送りしていません。
case-refusal-already-decided = 保護者の方は、すでにお返事をされています。
case-refusal-wording-changed = 文面が変わりました。新しい文面をご確認ください。
case-refusal-not-approved = 保護者の方の承認がまだです。
case-refusal-own-proposal = 提案したスタッフとは別のスタッフがレビューしてください。
case-refusal-not-reviewed = 書き出す前に、別のスタッフによるレビューが必要です。
case-refusal-declined = 保護者の方がお断りされたため、書き出せません。
case-refusal-withdrawn = 保護者の方が同意を取り消されたため、書き出せません。

# 事例の記録（監査ログ）の各ステップ（`CaseStep::fluent_id`）と、操作した人。
case-step-proposed = 提案
case-step-edited = 編集
case-step-sent-to-parent = 保護者の方へ送信
case-step-approved = 保護者の方が承認
case-step-declined = 保護者の方がお断り
case-step-withdrawn = 保護者の方が同意を取り消し
case-step-reviewed = レビュー
case-step-exported = 書き出し
case-actor-parent = 保護者の方
