import Plot
import Vapor
import YuanquKit

/// What the shared frame of every page shows: the language, the signed-in user, the menu, the CSRF token of
/// the sign-out form. Plain values, so a view renders without a request (and without a database in tests).
struct PageFrame {
    var lang: Lang
    var title: String
    /// The page's own address with its query, for the language switch to come back to.
    var here: String
    /// The signed-in user's name and role as shown, nil on public pages.
    var user: String?
    var csrfToken: String
    var menu: [Menu.Entry]
}

extension Request {
    /// The frame of a page answered to this request.
    func frame(title: String) -> PageFrame {
        let lang = self.lang
        let here = url.path + (url.query.map { "?" + $0 } ?? "")
        let user = actorIfAny.map { a in
            let role = Layout.roleName(a.role, lang)
            return a.displayName == role ? role : a.displayName + lang.t("（", " (") + role + lang.t("）", ")")
        }
        let menu = actorIfAny.map { Menu.entries(for: $0, path: url.path) } ?? []
        return PageFrame(lang: lang, title: title, here: here, user: user, csrfToken: session?.csrfToken ?? "", menu: menu)
    }
}

/// The shared page: header with the areas the user may open, language switch, account menu.
enum Layout {
    static func render(request req: Request, title: String, body: HNode, status: HTTPResponseStatus = .ok) -> Response {
        response(page(req.frame(title: title), body: body), status: status)
    }

    /// A page's document as the answer (never kept by the browser: it may show records).
    static func response(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        let res = Response(status: status)
        res.headers.contentType = .html
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        res.body = .init(string: html)
        return res
    }

    /// The whole document of one page.
    static func page(_ frame: PageFrame, body: HNode) -> String {
        let lang = frame.lang
        let other: Lang = lang == .zh ? .en : .zh
        let account: HNode =
            frame.user.map { user in
                .group(
                    link(.password, user, class: "me"),
                    el(
                        "form",
                        [("method", "post"), ("action", SiteURL.logout.path), ("class", "inline")],
                        hiddenCSRF(frame.csrfToken),
                        el("button", [("type", "submit"), ("class", "link")], txt(lang.t("退出", "Sign out")))
                    )
                )
            } ?? .empty
        let header = el(
            "header",
            [("class", "top")],
            link(.home, lang.t("园区管理体制系统", "Yuanqu zone management"), class: "brand"),
            Menu.view(frame.menu, lang: lang),
            el(
                "div",
                [("class", "account")],
                link(.language(other.rawValue, back: frame.here), other == .en ? "English" : "简体中文", class: "lang"),
                account
            )
        )
        let document = el(
            "html",
            [("lang", lang.htmlCode)],
            el(
                "head",
                [],
                void("meta", [("charset", "utf-8")]),
                void("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
                el("title", [], txt(frame.title + " · " + lang.t("园区", "Yuanqu"))),
                void("link", [("rel", "stylesheet"), ("href", SiteURL.styles.path)]),
                el("script", [("src", SiteURL.script.path), ("defer", nil)])
            ),
            el(
                "body",
                [],
                header,
                el("main", [], el("h1", [], txt(frame.title)), body),
                el("footer", [], txt(lang.t("园区管理体制系统 · 所有操作均记入审计日志", "Yuanqu · every change is recorded in the audit log")))
            )
        )
        return "<!DOCTYPE html>" + document.render()
    }

    static func roleName(_ role: Role, _ lang: Lang) -> String {
        switch role {
        case .platformAdmin: return lang.t("平台管理员", "Platform admin")
        case .zoneAdmin: return lang.t("园区管理员", "Zone admin")
        case .leader: return lang.t("领导", "Leader")
        case .hr: return lang.t("人事", "HR")
        case .unitHead: return lang.t("部门负责人", "Unit head")
        case .staff: return lang.t("工作人员", "Staff")
        case .auditor: return lang.t("审计", "Auditor")
        case .engineer: return lang.t("工程管理", "Engineering")
        case .costStaff: return lang.t("造价合约", "Cost and contracts")
        }
    }

    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;font-size:15px;color:#1f2933;
        background:#f4f6f8}
        a{color:#0b5cad}
        header.top{display:flex;align-items:center;gap:18px;background:#8a1c1c;color:#fff;padding:0 20px;min-height:52px;flex-wrap:wrap}
        header.top a{color:#fff;text-decoration:none}
        .brand{font-weight:700;font-size:17px;white-space:nowrap}
        nav.main{display:flex;gap:2px;flex:1;flex-wrap:wrap;align-items:flex-start}
        nav.main>a,nav.main summary{padding:15px 12px;display:block;white-space:nowrap;cursor:pointer}
        nav.main summary{list-style:none}
        nav.main summary::-webkit-details-marker{display:none}
        nav.main summary::after{content:" ▾";font-size:11px;opacity:.8}
        nav.main>a.current,nav.main details.current>summary,nav.main>a:hover,nav.main summary:hover{background:rgba(255,255,255,.16)}
        nav.main details[open]>summary{background:rgba(255,255,255,.16)}
        nav.main details{position:relative}
        nav.main .menu{position:absolute;top:100%;left:0;z-index:10;background:#fff;min-width:180px;padding:6px 0}
        nav.main .menu{box-shadow:0 6px 16px rgba(0,0,0,.18);border-radius:0 0 4px 4px}
        header.top nav.main .menu a{color:#1f2933;padding:8px 16px;display:block;white-space:nowrap}
        header.top nav.main .menu a:hover{background:#f4f6f8}
        header.top nav.main .menu a.current{color:#8a1c1c;font-weight:600;background:#fdecea}
        @media (max-width:700px){
        header.top{padding:0 10px;gap:4px 12px}
        nav.main{order:3;flex-basis:100%}
        nav.main>a,nav.main summary{padding:10px 7px;font-size:14px}
        nav.main details[open]{flex-basis:100%}
        nav.main .menu{position:static;box-shadow:none;border-radius:4px;margin:0 0 8px}
        main{padding:10px 12px 30px}
        }
        .account{display:flex;gap:12px;align-items:center;font-size:14px}
        .account button.link{background:none;border:1px solid rgba(255,255,255,.6);color:#fff;border-radius:3px;padding:3px 10px;
        cursor:pointer}
        main{max-width:1200px;margin:0 auto;padding:10px 24px 40px}
        h1{font-size:22px;margin:18px 0 14px}
        h2{font-size:17px;margin:24px 0 10px;border-left:4px solid #8a1c1c;padding-left:8px}
        footer{color:#7b8794;font-size:12px;text-align:center;padding:20px}
        table.list{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.06)}
        table.list th,table.list td{border-bottom:1px solid #e4e7eb;padding:8px 10px;text-align:left;vertical-align:top}
        table.list th{background:#eef1f4;font-weight:600;white-space:nowrap}
        table.list th a{color:#1f2933;text-decoration:none}
        table.list tr:hover td{background:#fafbfc}
        td.num,th.num{text-align:right;white-space:nowrap}
        .toolbar{display:flex;gap:10px;align-items:flex-end;flex-wrap:wrap;margin:8px 0 12px}
        .toolbar form{display:flex;gap:8px;align-items:flex-end;flex-wrap:wrap}
        .toolbar label{display:block;font-size:12px;color:#52606d}
        .toolbar .spacer{flex:1}
        input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #cbd2d9;border-radius:3px;background:#fff}
        textarea{width:100%}
        .btn,button{font:inherit;padding:6px 14px;border:1px solid #8a1c1c;background:#8a1c1c;color:#fff;border-radius:3px;
        cursor:pointer;text-decoration:none;display:inline-block}
        .btn.secondary{background:#fff;color:#8a1c1c}
        .btn-danger{background:#b42318;border-color:#b42318}
        form.inline{display:inline}
        ul.members{margin:4px 0 10px;padding-left:20px}ul.members li{margin:2px 0}
        details.inline{display:inline-block;margin-left:6px}details.inline>summary{cursor:pointer;color:#b42318;display:inline}
        button.link-button{background:none;border:none;color:#b42318;padding:0 4px;cursor:pointer}
        form.card,.card{background:#fff;padding:18px 20px;box-shadow:0 1px 2px rgba(0,0,0,.08);border-radius:4px;margin-bottom:16px}
        form.card{max-width:720px}
        .field{margin-bottom:14px}
        .field label{display:block;font-weight:600;margin-bottom:4px}
        .field input[type=text],.field input[type=password],.field input[type=number],
        .field input[type=date],.field input[type=tel],.field select{width:100%;max-width:420px}
        .field.check label{font-weight:400}
        .req{color:#b42318}
        .hint{font-size:12px;color:#7b8794;margin-top:3px;white-space:pre-line}
        .has-error input,.has-error select,.has-error textarea{border-color:#b42318;background:#fff6f5}
        .error{color:#b42318;font-size:13px;margin-top:4px}
        .alert{padding:10px 14px;border-radius:4px;margin:10px 0}
        .alert-error{background:#fdecea;border:1px solid #f5c2bd;color:#8a1c1c}
        .alert-ok{background:#e8f5e9;border:1px solid #b7dfb9;color:#1e5e22}
        .alert-warn{background:#fff8e1;border:1px solid #f3d98b;color:#6b4e00}
        .pager{margin:10px 0;display:flex;gap:10px;align-items:center;color:#52606d}
        .stats{display:flex;gap:14px;flex-wrap:wrap;margin:10px 0}
        .stat{background:#fff;padding:12px 16px;border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.08);min-width:150px}
        .stat b{display:block;font-size:22px;color:#8a1c1c}
        .stat.tile a{display:block;color:inherit;text-decoration:none}
        .stat b.alert-figure{color:#b42318}
        .tile-label{display:block;color:#323f4b}
        .tile-previous{display:block;font-size:12px;color:#7b8794;margin-top:2px}
        .up{color:#1e7e34}
        .down{color:#b42318}
        .dash-section{margin:18px 0 6px}
        .dash-section .perf-charts{grid-template-columns:repeat(auto-fill,minmax(360px,1fr));margin:12px 0}
        .toolbar .dash-span{margin:0;align-self:center}
        .dash-section h2{font-size:17px;margin:0 0 4px;border-left:4px solid #8a1c1c;padding-left:8px}
        .tag{display:inline-block;padding:1px 8px;border-radius:10px;background:#eef1f4;font-size:12px;white-space:nowrap}
        .tag.main{background:#fde8e8;color:#8a1c1c}
        dl.props{display:grid;grid-template-columns:140px 1fr;gap:6px 14px;background:#fff;padding:14px 18px;border-radius:4px}
        dl.props dt{color:#52606d}
        dl.props dd{margin:0}
        .login{max-width:380px;margin:60px auto}
        .muted{color:#7b8794}
        .nowrap{white-space:nowrap}
        .details{font-size:13px;color:#323f4b}
        .login h1,main:has(.login) h1{text-align:center}
        .chart{background:#fff;border-radius:4px;padding:10px;overflow-x:auto}
        .stages{display:flex;gap:0;margin:8px 0 16px;flex-wrap:wrap}
        .stages span{padding:6px 14px;background:#e4e7eb;color:#52606d;font-size:13px;
        clip-path:polygon(0 0,92% 0,100% 50%,92% 100%,0 100%,8% 50%);margin-right:-6px}
        .stages span.done{background:#f3d6d6;color:#8a1c1c}
        .stages span.now{background:#8a1c1c;color:#fff;font-weight:600}
        .notice{background:#fff;max-width:820px;margin:0 auto;padding:32px 48px;line-height:1.9}
        .notice h1{text-align:center;font-size:24px}
        .notice .sign{text-align:right;margin-top:32px}
        .grid-form td input{width:70px}
        input.count{width:60px}
        input.rank{width:52px}
        input.places{width:70px}
        progress.bar{width:140px;vertical-align:middle}
        .pre-line{white-space:pre-line}
        .spaced{margin-top:18px}
        tr.overdue{background:#fdecea}
        .lookup-code{font-size:28px;letter-spacing:4px}
        svg.drawing{max-width:100%;height:auto}
        section.panel{background:#fff;padding:12px 18px;border-radius:4px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
        @media print{main>h1:has(+ .notice){display:none}header.top,footer,.toolbar,.no-print{display:none}body{background:#fff}}
        table.list td.num,table.list th.num{text-align:right}
        .perf-panel>h2:first-child{margin-top:6px}
        .perf-two{display:grid;grid-template-columns:repeat(auto-fit,minmax(400px,1fr));gap:0 16px;align-items:start}
        .perf-fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:0 16px;align-items:start}
        .perf-fields .field{margin-bottom:10px}
        .perf-fields .field input,.perf-fields .field select,.perf-cards .field input,.perf-cards .field select{max-width:none}
        .perf-fields .wide{grid-column:span 2}
        .perf-fields .full,.perf-cards .full{grid-column:1/-1}
        .perf-fields .field.check{align-self:end;padding-bottom:6px}
        .perf-fields .hint,.perf-cards .hint{margin:0 0 8px}
        .perf-form fieldset{border:1px solid #e4e7eb;border-radius:4px;padding:6px 14px 4px;margin:0 0 14px;min-width:0}
        .perf-form legend{font-weight:600;padding:0 6px;color:#8a1c1c}
        .perf-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:10px;margin-bottom:8px}
        .perf-cards fieldset{margin:0;padding:4px 10px 0;background:#fafbfc}
        .perf-cards legend{color:#1f2933;font-size:14px}
        .perf-cards .field{margin-bottom:8px}
        .perf-cards .field label{font-weight:400;font-size:13px;color:#52606d;margin-bottom:2px}
        .perf-pair{display:grid;grid-template-columns:1fr 1fr;gap:0 10px}
        .toolbar form.perf-inline{display:flex;gap:8px;align-items:center}
        .perf-charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;margin:18px 0}
        .perf-charts .chart{box-shadow:0 1px 2px rgba(0,0,0,.06);padding:12px 14px}
        tr.quota-line td{border-top:2px dashed #b42318;border-bottom:2px dashed #b42318;background:#fdecea;color:#8a1c1c;font-weight:600;
        text-align:center;padding:6px 10px}
        table.list tr.quota-line:hover td{background:#fdecea}
        tr.perf-follows td{color:#52606d;background:#fafbfc}
        .perf-notes{font-size:13px;color:#52606d}
        .perf-changed{color:#b42318;font-weight:600}
        details.perf-details>summary{cursor:pointer;color:#0b5cad;margin:4px 0 10px}
        table.list.arithmetic th{width:220px;background:#eef1f4}
        table.perf-rating td{vertical-align:middle;padding-top:5px;padding-bottom:5px}
        table.perf-rating input{width:90px}
        table.perf-rating tr.perf-group th{background:#f8e9e9;color:#8a1c1c;text-align:left;font-weight:600}
        table.perf-rating tr.perf-group:hover th{background:#f8e9e9}
        .perf-actions{margin:14px 0}
        dl.props.decided{border-left:4px solid #1e5e22;margin:8px 0}
        .notice h2.notice-title{text-align:center;border:none;padding:0;font-size:22px;margin:8px 0 18px}
        .notice h3{font-size:16px;margin:20px 0 8px}
        .notice table.notice-table td,.notice table.notice-table th{line-height:1.6}
        .notice table.notice-table td:first-child{white-space:nowrap}
        .notice .sign div{line-height:1.8}
        @media (max-width:700px){.perf-fields .wide{grid-column:1/-1}.perf-two,.perf-charts{grid-template-columns:1fr}
        table.list.arithmetic th{width:auto}}
        @media print{.perf-form,.perf-actions,details.perf-details{display:none}.notice{max-width:none;padding:0;line-height:1.6}
        table.list{box-shadow:none}table.list th{background:#fff;border-bottom:1.5px solid #1f2933}table.list thead{display:table-header-group}
        table.list tr{break-inside:avoid}main a{color:inherit;text-decoration:none}.perf-charts,.perf-panel{break-inside:avoid;box-shadow:none}
        tr.quota-line td{background:#fff}}
        """

    /// The site's one script (`/app.js`): pages carry no inline script or handler (the Content-Security-Policy
    /// allows scripts of the site only), so behaviour hangs on data attributes. A button with `data-confirm` asks
    /// its question before its form is sent; one with `data-print` prints the page.
    static let script = """
        "use strict";
        document.addEventListener("click", function (event) {
          var target = event.target instanceof Element ? event.target : null;
          if (!target) return;
          var asking = target.closest("[data-confirm]");
          if (asking && !window.confirm(asking.getAttribute("data-confirm"))) {
            event.preventDefault();
            return;
          }
          if (target.closest("[data-print]")) window.print();
        });
        """
}
