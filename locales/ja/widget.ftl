# 保護者用のチャットウィジェット。

widget-title = 子育て相談チャット
widget-subtitle = { -brand }・子育てのこと、話してみませんか
widget-close = チャットを閉じる
widget-welcome = こんにちは。子育てのこと、なんでも気軽に書いてくださいね。お名前は書かなくても大丈夫です。スタッフが手の空いたときにお返事します。
widget-nickname = ニックネーム（任意）
widget-log-label = やりとり
message-label = メッセージ
widget-placeholder = いま気になっていることを書いてみてください
# 「この端末の記録を消す」：相談はスタッフの側に残り、このブラウザだけが忘れます。
forget-open = この端末の記録を消す
forget-explain = このブラウザには、これまでのやりとりが表示されなくなります。内容はスタッフの側に残ります。また書くと、新しい相談になります。
forget-confirm = はい、消します
forget-cancel = やめる
forget-waiting = 消しています…
forget-done = 消しました。いつでも新しく相談できます。
forget-dismiss = 閉じる
forget-offline = インターネットにつながってから、もう一度お試しください。
# このブラウザがチャットのために何も保存できないとき（どこのストレージも使えない）。
widget-not-kept = お使いのブラウザでは、この会話を残しておくことができません。このページを閉じると、ここからは会話に戻れなくなります。
