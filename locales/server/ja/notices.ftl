# 緊急のとき：ウィジェットの見出しのボタンからいつでも開ける案内（サーバーがページに書き込む）。
help-title = 今すぐ助けが必要なとき
help-intro = 命の危険があるときや、今すぐ助けが必要なときは、このチャットの返事を待たずに、下の窓口へお電話ください。番号を押すと電話がかかります。
help-ambulance-name = 救急車・消防
help-ambulance-what = 意識がない、息が苦しい、けいれんが止まらないなど、命が危ないとき。24時間つながります。
help-child-night-name = 子ども医療電話相談
help-child-night-what = 夜間や休日に、子どもの急な病気やけがで、病院へ行くか迷ったとき。
help-child-guidance-name = 児童相談所 虐待対応ダイヤル「いちはやく」
help-child-guidance-what = 子育てがつらくて手をあげてしまいそうなとき、虐待かもしれないと思ったとき。24時間、名前を言わずに相談できます。
help-lifeline-name = いのちの電話
help-lifeline-what = 死にたいほどつらいとき、誰かに話を聴いてほしいとき。毎日10時〜22時。
help-tell-name = TELL Lifeline（英語）
help-tell-what = 英語で話を聴いてほしいとき。
# 団体が書き足した案内の見出し。
help-local = { $name }からのご案内
help-close = 閉じる
# 最初のメッセージの前に表示するプライバシーのお知らせ（団体が書き換えられます）。
privacy-standard = ここでのご相談は{ $name }のスタッフだけが読みます。あなたの同意なしに外へ出すことはありません。{ $days ->
        [0] {""}
       *[other] 解決したご相談は{ $days }日後に消去されます。
    }
