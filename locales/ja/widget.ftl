# 保護者用のチャットウィジェット。

widget-title = 子育て相談チャット
widget-subtitle = { -brand }・子育てのこと、話してみませんか
widget-close = チャットを閉じる
widget-welcome = こんにちは。子育てのこと、なんでも気軽に書いてくださいね。お名前は書かなくても大丈夫です。スタッフが手の空いたときにお返事します。
widget-nickname = ニックネーム（任意）
widget-log-label = やりとり
message-label = メッセージ
widget-placeholder = いま気になっていることを書いてみてください
