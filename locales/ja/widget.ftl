# 保護者用のチャットウィジェット。

widget-title = 子育て相談チャット
widget-subtitle = { -brand }・子育てのこと、話してみませんか
widget-close = チャットを閉じる
# 緊急の連絡先の案内を開くボタン（見出しにいつもある）。
widget-help = 緊急のとき
widget-welcome = こんにちは。子育てのこと、なんでも気軽に書いてくださいね。お名前は書かなくても大丈夫です。スタッフが手の空いたときにお返事します。
widget-nickname = ニックネーム（任意）
widget-log-label = やりとり
message-label = メッセージ
widget-placeholder = いま気になっていることを書いてみてください
# 「この端末から消去」：相談はスタッフの側に残り、このブラウザだけが忘れます。
forget-open = この端末から消去
forget-explain = このブラウザには、これまでのやりとりが表示されなくなります。内容はスタッフの側に残ります。また書くと、新しい相談になります。
forget-confirm = はい、消します
forget-cancel = やめる
forget-waiting = 消しています…
forget-done = 消しました。いつでも新しく相談できます。
forget-dismiss = 閉じる
forget-offline = インターネットにつながってから、もう一度お試しください。
# このブラウザがチャットのために何も保存できないとき（どこのストレージも使えない）。
widget-not-kept = お使いのブラウザでは、この会話を残しておくことができません。このページを閉じると、ここからは会話に戻れなくなります。あとで続きを相談したいときは、書きはじめる前に下の「相談コードを表示」でコードを控えておいてください。

# 相談コード：別の端末や、記録を残せないページを閉じたあとでも、相談の続きができます。
code-get = 相談コードを表示
code-yours = あなたの相談コード：
code-keep = 大切に控えておいてください。このコードがあれば、どの端末からでもこの相談の続きができます。新しいコードを表示すると、このコードは使えなくなります。
code-have = 相談コードをお持ちの方
code-label = 相談コード
code-continue = 相談の続きを開く
# だれが、いつ答えるか（issue 12）。
team-legend = 相談したい相手
team-anyone = どなたでも
team-now = いま対応できます
team-from = { $time }から対応できます
reply-away = ただいま対応時間外です。メッセージは残しておけますので、戻りしだいお返事しますね。
reply-soon = 返信の目安: まもなく
reply-by = 返信の目安: { $time }ごろ
ask-anyone = { $name }さんは、しばらく対応できません。ほかのスタッフがお返事してもよいですか？
ask-anyone-yes = はい、どなたでも大丈夫です
ask-anyone-wait = 待ちます
staff-typing = { $name }さんが入力中…
