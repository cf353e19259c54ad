/// Words and phrases of web-page interface text (consent banners, log-in prompts, sharing and
/// comment widgets, navigation, related-content headers), in the languages Sift's users scrape
/// most. Matched case-insensitively as whole words (or, for scripts without spaces, as substrings)
/// on short lines; a match is evidence, not a verdict: the `ui-lines` stage weighs it with the
/// line's length, punctuation and place on the page.
enum UIVocabulary {
    /// Phrases by language; order does not matter.
    static let phrases: [String: [String]] = [
        "en": ["sign in", "sign up", "log in", "login", "log out", "register", "subscribe", "unsubscribe", "newsletter",
               "cookie", "cookies", "privacy policy", "terms of use", "terms and conditions", "all rights reserved", "accept all",
               "share", "share this", "tweet", "follow us", "comment", "comments", "leave a comment", "reply", "read more",
               "continue reading", "see all", "view all", "show more", "load more", "related articles", "related posts",
               "recommended", "you may also like", "more articles", "advertisement", "sponsored", "skip to content", "menu",
               "home", "back to top", "print", "email this", "copy link", "next article", "previous article", "trending",
               "most popular", "sign in to comment", "download the app", "notify me"],
        "de": ["anmelden", "einloggen", "registrieren", "abonnieren", "newsletter", "datenschutz", "datenschutzerklärung",
               "impressum", "cookies", "alle akzeptieren", "teilen", "kommentare", "kommentieren", "weiterlesen", "mehr lesen",
               "ähnliche beiträge", "ähnliche artikel", "das könnte sie auch interessieren", "anzeige", "werbung", "startseite",
               "nach oben", "drucken", "alle rechte vorbehalten"],
        "fr": ["se connecter", "connexion", "s'inscrire", "inscription", "s'abonner", "abonnez-vous", "newsletter",
               "politique de confidentialité", "mentions légales", "cookies", "tout accepter", "partager", "commentaires",
               "commenter", "lire la suite", "lire plus", "articles similaires", "à lire aussi", "publicité", "accueil",
               "tous droits réservés", "retour en haut"],
        "es": ["iniciar sesión", "registrarse", "suscríbete", "suscribirse", "boletín", "política de privacidad",
               "aviso legal", "cookies", "aceptar todo", "compartir", "comentarios", "comentar", "leer más", "seguir leyendo",
               "artículos relacionados", "te puede interesar", "publicidad", "inicio", "todos los derechos reservados"],
        "it": ["accedi", "registrati", "iscriviti", "newsletter", "privacy", "cookie", "accetta tutti", "condividi", "commenti",
               "leggi anche", "leggi di più", "articoli correlati", "pubblicità", "tutti i diritti riservati"],
        "pt": ["entrar", "iniciar sessão", "cadastre-se", "inscreva-se", "assine", "newsletter", "política de privacidade",
               "cookies", "aceitar todos", "compartilhar", "partilhar", "comentários", "comentar", "leia mais", "ler mais",
               "artigos relacionados", "publicidade", "todos os direitos reservados"],
        "nl": ["inloggen", "aanmelden", "registreren", "abonneren", "nieuwsbrief", "privacybeleid", "cookies", "alles accepteren",
               "delen", "reacties", "reageer", "lees meer", "verder lezen", "gerelateerde artikelen", "advertentie"],
        "ru": ["войти", "вход", "зарегистрироваться", "регистрация", "подписаться", "рассылка", "политика конфиденциальности",
               "файлы cookie", "принять все", "поделиться", "комментарии", "комментировать", "читать далее", "читать также",
               "читайте также", "похожие статьи", "реклама", "главная", "все права защищены", "наверх"],
        "uk": ["увійти", "зареєструватися", "підписатися", "поділитися", "коментарі", "читати далі", "читайте також", "реклама"],
        "pl": ["zaloguj się", "zarejestruj się", "subskrybuj", "newsletter", "polityka prywatności", "udostępnij", "komentarze",
               "czytaj więcej", "czytaj także", "reklama", "wszelkie prawa zastrzeżone"],
        "tr": ["giriş yap", "oturum aç", "kaydol", "abone ol", "gizlilik politikası", "paylaş", "yorumlar", "devamını oku",
               "ilgili haberler", "reklam", "tüm hakları saklıdır"],
        "zh": ["登录", "登陆", "注册", "订阅", "隐私政策", "用户协议", "分享", "评论", "发表评论", "查看全部", "查看更多",
               "阅读更多", "阅读全文", "相关文章", "推荐阅读", "猜你喜欢", "广告", "首页", "返回顶部", "版权所有", "登入",
               "註冊", "訂閱", "分享至", "評論", "閱讀更多", "相關文章", "廣告", "社区洞察", "其他会员也浏览了"],
        "ja": ["ログイン", "ログアウト", "新規登録", "会員登録", "購読", "プライバシーポリシー", "利用規約", "シェア", "共有",
               "コメント", "続きを読む", "もっと見る", "すべて見る", "関連記事", "おすすめ", "広告", "トップへ戻る", "ホーム"],
        "ko": ["로그인", "회원가입", "구독", "개인정보처리방침", "이용약관", "공유", "댓글", "더보기", "관련 기사", "광고", "홈"],
        "ar": ["تسجيل الدخول", "اشترك", "شارك", "التعليقات", "اقرأ المزيد", "مقالات ذات صلة", "إعلان", "سياسة الخصوصية"],
    ]

    /// Consent and legal phrases: on a short line they are near-certain boilerplate.
    static let legal: Set<String> = [
        "cookie", "cookies", "privacy policy", "terms of use", "terms and conditions", "all rights reserved", "accept all",
        "datenschutz", "datenschutzerklärung", "impressum", "alle akzeptieren", "alle rechte vorbehalten",
        "politique de confidentialité", "mentions légales", "tout accepter", "tous droits réservés",
        "política de privacidad", "aviso legal", "aceptar todo", "todos los derechos reservados", "accetta tutti",
        "tutti i diritti riservati", "política de privacidade", "aceitar todos", "todos os direitos reservados",
        "privacybeleid", "alles accepteren", "политика конфиденциальности", "файлы cookie", "принять все",
        "все права защищены", "polityka prywatności", "wszelkie prawa zastrzeżone", "gizlilik politikası",
        "tüm hakları saklıdır", "隐私政策", "用户协议", "版权所有", "プライバシーポリシー", "利用規約", "개인정보처리방침", "이용약관",
        "سياسة الخصوصية",
    ]

    /// Every phrase, lower-cased, longest first (so "sign in to comment" wins over "sign in").
    static let all: [String] = {
        var set = Set<String>()
        for list in phrases.values { for p in list { set.insert(p.lowercased()) } }
        // Lengths in characters counted once each, not at every comparison (start-up time).
        return set.map { (length: $0.count, phrase: $0) }
            .sorted { $0.length != $1.length ? $0.length > $1.length : $0.phrase < $1.phrase }
            .map(\.phrase)
    }()
}
