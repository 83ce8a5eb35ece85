using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Admin;

/// <summary>
/// The site with Auth and Notifications on their own database: template edits are global, so these pages share no
/// system with tests that read mail wording; each test that edits a template resets it before it ends.
/// </summary>
public sealed class TemplatePagesFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.Auth, Role.Site];
}

/// <summary>The site with the Notifications worker down: the template pages say so and keep what was typed.</summary>
public sealed class TemplatePagesWithoutNotificationsFixture : SystemFixture
{
    protected override IReadOnlyList<Role> Roles => [Role.Auth, Role.Site];
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        [WorkerInfo.Of(Role.NotificationsApi).UrlVariable] = ClosedPort.Url().ToString(),
    };
}

[CollectionDefinition(Name)]
public sealed class TemplatePagesCollection : ICollectionFixture<TemplatePagesFixture>, ICollectionFixture<TemplatePagesWithoutNotificationsFixture>
{
    public const string Name = "template-pages";
}

/// <summary>
/// /admin/templates through HTTP, parsed with AngleSharp: who may open it, the list and the editor in both shapes, saving
/// (303 and a flash, or 422 with inline errors keeping everything typed), the preview without JavaScript (the whole page)
/// and with htmx (the region), the reset after a confirmation, and a Notifications worker that is down.
/// </summary>
[Collection(TemplatePagesCollection.Name)]
public sealed class TemplatePagesTests(TemplatePagesFixture fixture, TemplatePagesWithoutNotificationsFixture down)
{
    private const string List = "/admin/templates";
    private const string Verify = "/admin/templates/verify-email";
    private readonly TestData _data = new(fixture);

    private static async Task<SiteBrowser> BrowserAsync(SystemFixture system, Who who)
    {
        var data = new TestData(system);
        var browser = new SiteBrowser(system.System.SiteUrl);
        if (await data.CookieAsync(await data.OrganizationAsync(), who) is { } cookie) browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        return browser;
    }

    private Task<SiteBrowser> AdminAsync() => BrowserAsync(fixture, Who.PlatformAdmin);

    private static Dictionary<string, string> Fields(string subject, string text, string html) =>
        new() { ["Subject"] = subject, ["TextBody"] = text, ["HtmlBody"] = html };

    private static HttpRequestMessage PreviewRequest(IDocument editor, string path, Dictionary<string, string> fields, bool htmx)
    {
        var request = SiteBrowser.FormRequest(editor, "form.template-form", fields, htmx);
        request.RequestUri = new Uri(path + "/preview", UriKind.Relative);
        return request;
    }

    private async Task<EmailTemplate?> StoredAsync(string name)
    {
        await using var db = fixture.Db();
        return await db.EmailTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name);
    }

    [Theory]
    [InlineData(List, Who.Anonymous, HttpStatusCode.Found)]
    [InlineData(List, Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(List, Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(List, Who.PlatformAdmin, HttpStatusCode.OK)]
    [InlineData(Verify, Who.Anonymous, HttpStatusCode.Found)]
    [InlineData(Verify, Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Verify, Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Verify, Who.PlatformAdmin, HttpStatusCode.OK)]
    [InlineData(Verify + "/reset", Who.Owner, HttpStatusCode.Forbidden)]
    public async Task Get_ByCaller(string path, Who who, HttpStatusCode status)
    {
        var browser = await BrowserAsync(fixture, who);

        var response = await browser.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Found) Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), response.Headers.Location!.ToString());
        if (status == HttpStatusCode.Forbidden) Assert.Contains("not allowed", (await response.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_List_FullPage_ListsEveryMail_WithItsSubjectAndWording_Privately()
    {
        var browser = await AdminAsync();

        var response = await browser.GetAsync(List);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl is { Private: true } or { NoStore: true }, response.Headers.CacheControl?.ToString());
        var page = await response.ParseAsync();
        Assert.Equal("Mail templates | Admin | Codex", page.Title);
        Assert.Equal("page", page.QuerySelector(".admin-nav a[href='/admin/templates']")!.GetAttribute("aria-current"));
        var table = page.GetElementById(DomIds.TemplateList)!.QuerySelector("table")!;
        Assert.NotNull(table.QuerySelector("caption"));
        Assert.All(table.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var rows = table.QuerySelectorAll("tbody tr");
        Assert.Equal(["verify-email", "reset-password", "purchase-receipt", "invitation", "content-unpublished", "change-email"],
            rows.Select(r => r.GetAttribute("data-template")));
        var receipt = rows.Single(r => r.GetAttribute("data-template") == "purchase-receipt");
        Assert.Equal("row", receipt.QuerySelector("th")!.GetAttribute("scope"));
        Assert.Equal("/admin/templates/purchase-receipt", receipt.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal("Purchase receipt", receipt.QuerySelector("th a")!.TextContent);
        Assert.Equal("Your Codex receipt: {{title}}", receipt.QuerySelector(".template-subject")!.TextContent);
        Assert.Equal("Default", receipt.QuerySelector(".badge")!.TextContent);
        Assert.DoesNotContain("'unsafe-inline'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Get_List_AsHtmx_IsTheListFragment()
    {
        var browser = await AdminAsync();

        var response = await browser.SendAsync(Html.Htmx(List));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.StartsWith($"<div id=\"{DomIds.TemplateList}\"", raw.TrimStart());
        Assert.Equal(6, fragment.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public async Task Get_Editor_FullPage_HasTheFormThePlaceholdersAndASandboxedPreview()
    {
        var browser = await AdminAsync();

        var response = await browser.GetAsync("/admin/templates/purchase-receipt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("style-src 'self' 'unsafe-inline';", csp);
        Assert.Contains("script-src 'self';", csp);
        var page = await response.ParseAsync();
        Assert.Equal("Purchase receipt | Mail templates | Admin | Codex", page.Title);
        Assert.Equal("Purchase receipt", page.QuerySelector("h1")!.TextContent);
        var form = (IHtmlFormElement)page.QuerySelector("form.template-form")!;
        Assert.Equal("post", form.Method);
        Assert.Equal("/admin/templates/purchase-receipt", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Null(form.GetAttribute("hx-post"));
        Assert.Equal("Your Codex receipt: {{title}}", ((IHtmlInputElement)page.QuerySelector("#f-subject")!).Value);
        Assert.StartsWith("Hello {{name}},", page.QuerySelector("#f-textbody")!.TextContent);
        Assert.Contains("<a href=\"{{link}}\"", page.QuerySelector("#f-htmlbody")!.TextContent);
        foreach (var id in new[] { "f-subject", "f-textbody", "f-htmlbody" }) Assert.NotNull(page.QuerySelector($"label[for={id}]"));
        Assert.Equal(["{{name}}", "{{title}}", "{{amount}}", "{{link}}"], page.QuerySelectorAll(".template-placeholders dt").Select(d => d.TextContent));
        Assert.Equal("/admin/templates/purchase-receipt/preview", form.QuerySelector("button[formaction]")!.GetAttribute("formaction"));
        Assert.Contains("Default", page.QuerySelector(".template-status")!.TextContent);
        Assert.Null(page.GetElementById(DomIds.TemplateReset)); // nothing to reset

        var preview = page.GetElementById(DomIds.TemplatePreview)!;
        Assert.Equal("/admin/templates/purchase-receipt/preview", preview.GetAttribute("hx-post"));
        Assert.Contains("delay:", preview.GetAttribute("hx-trigger"));
        Assert.Equal("Your Codex receipt: Patient Baking", preview.QuerySelector("[data-preview=subject]")!.TextContent);
        Assert.Contains("You paid $4.99 for", preview.QuerySelector("[data-preview=text]")!.TextContent);
        var frame = page.GetElementById(DomIds.TemplatePreviewFrame)!;
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.False(string.IsNullOrEmpty(frame.GetAttribute("title")));
        Assert.Contains("<p>Hello Ada Lovelace,</p>", frame.GetAttribute("srcdoc"));
    }

    [Fact]
    public async Task Get_Editor_AsHtmx_IsTheEditorFragment_AndAnUnknownMailIs404()
    {
        var browser = await AdminAsync();

        var fragment = await browser.SendAsync(Html.Htmx(Verify));
        var unknown = await browser.GetAsync("/admin/templates/receipt");

        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.StartsWith($"<div id=\"{DomIds.TemplateForm}\"", raw.TrimStart());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Save_WithAnUnknownPlaceholder_Is422_WithTheErrorInline_AndEverythingTypedKept()
    {
        var browser = await AdminAsync();
        var editor = await browser.PageAsync(Verify);

        var response = await browser.SubmitAsync(editor, "form.template-form",
            Fields("Hello <{{name}}>", "Dear {{nmae}}, go to {{link}}", "<p>No link & no name</p>"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Hello <{{name}}>", ((IHtmlInputElement)page.QuerySelector("#f-subject")!).Value);
        Assert.Equal("Dear {{nmae}}, go to {{link}}", page.QuerySelector("#f-textbody")!.TextContent);
        Assert.Equal("<p>No link & no name</p>", page.QuerySelector("#f-htmlbody")!.TextContent);
        Assert.Equal("{{nmae}} is not a placeholder of this template: use {{name}}, {{link}}.", page.QuerySelector("#f-textbody-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#f-textbody")!.GetAttribute("aria-invalid"));
        Assert.Contains("f-textbody-error", page.QuerySelector("#f-textbody")!.GetAttribute("aria-describedby"));
        Assert.Contains("works without images", page.QuerySelector("#f-htmlbody-error")!.TextContent);
        Assert.Null(page.QuerySelector("#f-subject-error"));
        Assert.Null(await StoredAsync("verify-email"));
    }

    [Fact]
    public async Task Save_WithoutTheAntiforgeryToken_IsRefused()
    {
        var browser = await AdminAsync();

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Verify)
        {
            Content = new FormUrlEncodedContent(Fields("Hi", "Hi {{link}}", "<a href=\"{{link}}\">x</a>")),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await StoredAsync("verify-email"));
    }

    [Fact]
    public async Task Save_ThenReset_AfterAConfirmation_InBothShapes()
    {
        var browser = await AdminAsync();
        const string path = "/admin/templates/content-unpublished";
        try
        {
            var editor = await browser.PageAsync(path);
            var save = await browser.SubmitAsync(editor, "form.template-form", Fields(
                "About {{title}}", "Hi {{name}}, {{title}} was taken down: {{reason}} {{link}}", "<p>{{reason}}</p><a href=\"{{link}}\">Studio</a>"));

            Assert.Equal(HttpStatusCode.SeeOther, save.StatusCode);
            Assert.Equal(path, save.Headers.Location!.ToString());
            var saved = await browser.FollowAsync(save);
            Assert.Contains("is saved", saved.GetElementById(DomIds.Flash)!.TextContent);
            Assert.Equal("About {{title}}", ((IHtmlInputElement)saved.QuerySelector("#f-subject")!).Value);
            Assert.Contains("Edited", saved.QuerySelector(".template-status")!.TextContent);
            Assert.Contains("by PlatformAdmin", saved.QuerySelector(".template-status")!.TextContent);
            Assert.Equal("About Patient Baking", saved.QuerySelector("[data-preview=subject]")!.TextContent);
            Assert.Equal(("About {{title}}", "content-unpublished"), ((await StoredAsync("content-unpublished"))!.Subject, "content-unpublished"));
            var resetLink = saved.GetElementById(DomIds.TemplateReset)!.QuerySelector("a")!;
            Assert.Equal(path + "/reset", resetLink.GetAttribute("href"));
            Assert.Equal("#" + DomIds.TemplateReset, resetLink.GetAttribute("hx-target"));

            var confirmFragment = await browser.SendAsync(Html.Htmx(path + "/reset"));
            var (raw, _) = await confirmFragment.ParseFragmentAsync();
            Assert.StartsWith($"<div id=\"{DomIds.TemplateReset}\"", raw.TrimStart());
            var confirm = await browser.PageAsync(path + "/reset");
            Assert.Equal("Reset Content unpublished by an administrator | Mail templates | Admin | Codex", confirm.Title);
            Assert.Equal("alertdialog", confirm.GetElementById(DomIds.TemplateReset)!.GetAttribute("role"));
            Assert.NotNull(await StoredAsync("content-unpublished")); // asking is not resetting

            var reset = await browser.SubmitAsync(confirm, "#" + DomIds.TemplateResetForm, []);

            Assert.Equal(HttpStatusCode.SeeOther, reset.StatusCode);
            var after = await browser.FollowAsync(reset);
            Assert.Contains("back to the default wording", after.GetElementById(DomIds.Flash)!.TextContent);
            Assert.Equal("\u201c{{title}}\u201d was unpublished from Codex", ((IHtmlInputElement)after.QuerySelector("#f-subject")!).Value);
            Assert.Null(await StoredAsync("content-unpublished"));
            await using var db = fixture.Db();
            Assert.Equal(2, await db.AuditLog.CountAsync(a => a.TargetType == "template" && a.TargetId == "content-unpublished"));
        }
        finally
        {
            await using var db = fixture.Db();
            await db.EmailTemplates.Where(t => t.Name == "content-unpublished").ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Preview_WithoutJavaScript_RendersTheWholeEditor_WithTheDraftAndItsPreview_SavingNothing()
    {
        var browser = await AdminAsync();
        var editor = await browser.PageAsync(Verify);
        var fields = Fields("Welcome aboard, {{name}}", "Hi {{name}}! {{link}}", "<h1 style=\"color:#b91c1c\">Hi {{name}}</h1><a href=\"{{link}}\">Confirm</a>");

        var response = await browser.SendAsync(PreviewRequest(editor, Verify, fields, htmx: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("style-src 'self' 'unsafe-inline';", response.Headers.GetValues("Content-Security-Policy").Single());
        var page = await response.ParseAsync();
        Assert.Equal("Welcome aboard, {{name}}", ((IHtmlInputElement)page.QuerySelector("#f-subject")!).Value);
        Assert.Equal("Hi {{name}}! {{link}}", page.QuerySelector("#f-textbody")!.TextContent);
        Assert.Equal("Welcome aboard, Ada Lovelace", page.QuerySelector("[data-preview=subject]")!.TextContent);
        Assert.Matches(@"^Hi Ada Lovelace! http://[^/\s]+/verify-email\?token=sample-token$", page.QuerySelector("[data-preview=text]")!.TextContent);
        Assert.StartsWith("<h1 style=\"color:#b91c1c\">Hi Ada Lovelace</h1>", page.GetElementById(DomIds.TemplatePreviewFrame)!.GetAttribute("srcdoc"));
        Assert.Null(await StoredAsync("verify-email"));
    }

    [Fact]
    public async Task Preview_AsHtmx_IsThePreviewRegion_OrItsProblems()
    {
        var browser = await AdminAsync();
        var editor = await browser.PageAsync(Verify);

        var good = await browser.SendAsync(PreviewRequest(editor, Verify, Fields("Hey {{ name }}", "{{link}}", "<a href=\"{{link}}\">go</a>"), htmx: true));
        var bad = await browser.SendAsync(PreviewRequest(editor, Verify, Fields("Hey {{name", "{{link}}", "<a href=\"{{link}}\">go</a>"), htmx: true));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var (raw, region) = await good.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.StartsWith($"<section id=\"{DomIds.TemplatePreview}\"", raw.TrimStart());
        Assert.Equal("Hey Ada Lovelace", region.QuerySelector("[data-preview=subject]")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode); // a live preview mid-typing: nothing was refused
        var (_, problems) = await bad.ParseFragmentAsync();
        Assert.Contains("\u201c{{name\u201d is not closed", problems.QuerySelector(".notice")!.TextContent);
        Assert.Null(problems.GetElementById(DomIds.TemplatePreviewFrame));
    }

    [Fact]
    public async Task Preview_WithoutJavaScript_OfABadDraft_Is422_WithTheErrorsInline()
    {
        var browser = await AdminAsync();
        var editor = await browser.PageAsync(Verify);

        var response = await browser.SendAsync(PreviewRequest(editor, Verify, Fields("Hey {{name", "{{link}}", "<a href=\"{{link}}\">go</a>"), htmx: false));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Hey {{name", ((IHtmlInputElement)page.QuerySelector("#f-subject")!).Value);
        Assert.Contains("is not closed", page.QuerySelector("#f-subject-error")!.TextContent);
        Assert.Contains("is not closed", page.GetElementById(DomIds.TemplatePreview)!.TextContent);
    }

    [Fact]
    public async Task Reset_OfADefaultTemplate_SaysSo()
    {
        var browser = await AdminAsync();

        var response = await browser.GetAsync("/admin/templates/reset-password/reset");

        var page = await browser.FollowAsync(response);
        Assert.Contains("already uses the default wording", page.GetElementById(DomIds.Flash)!.TextContent);
    }

    [Fact]
    public async Task WithTheNotificationsWorkerDown_ThePagesSaySo_AndASaveKeepsWhatWasTyped()
    {
        var browser = await BrowserAsync(down, Who.PlatformAdmin);
        var typed = Fields("Typed subject {{name}}", "Typed {{link}}", "<a href=\"{{link}}\">typed</a>");

        var list = await browser.GetAsync(List);
        var editor = await browser.GetAsync(Verify);
        var listFragment = await browser.SendAsync(Html.Htmx(List));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.NotNull((await list.ParseAsync()).GetElementById(DomIds.TemplateList)!.QuerySelector(".notice-unavailable"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, editor.StatusCode);
        var editorPage = await editor.ParseAsync();
        Assert.NotNull(editorPage.QuerySelector(".notice-unavailable"));
        Assert.Null(editorPage.QuerySelector("form.template-form")); // nothing to overwrite the mail with
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listFragment.StatusCode);

        // A form typed before the outage: posted now, it comes back as typed.
        var token = await AntiforgeryFieldAsync(browser);
        var save = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Verify) { Content = new FormUrlEncodedContent(token.Concat(typed)) });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, save.StatusCode);
        var saved = await save.ParseAsync();
        Assert.Equal("Typed subject {{name}}", ((IHtmlInputElement)saved.QuerySelector("#f-subject")!).Value);
        Assert.Contains("couldn't reach Codex", saved.QuerySelector(".notice-error")!.TextContent);
        var preview = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, Verify + "/preview")
        {
            Content = new FormUrlEncodedContent(token.Concat(typed)), Headers = { { "HX-Request", "true" } },
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, preview.StatusCode);
        Assert.Contains("could not be made just now", (await preview.ParseFragmentAsync()).Raw);
    }

    /// <summary>The antiforgery field of a page this browser can open (the layout's sign-out form), bound to its cookie.</summary>
    private static async Task<Dictionary<string, string>> AntiforgeryFieldAsync(SiteBrowser browser)
    {
        var page = await (await browser.GetAsync(List)).ParseAsync();
        var input = page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement
            ?? throw new InvalidOperationException("no antiforgery token on the page");
        return new Dictionary<string, string> { ["__RequestVerificationToken"] = input.Value };
    }
}
