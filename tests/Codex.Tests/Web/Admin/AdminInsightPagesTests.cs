using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Studio;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using AdminData = Codex.Tests.Workers.AdminApi.AdminApi;

namespace Codex.Tests.Web.Admin;

/// <summary>
/// /admin (the dashboard), /admin/content and /admin/purchases through HTTP against the whole system with its demo data,
/// with JavaScript off (plain GETs and form posts) and as htmx fragments: who may open them, the charts' numbers
/// against the Admin-API, unpublishing and refunding through their confirmations, inline errors, an outage.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AdminInsightPagesTests(SiteFixture fixture)
{
    private readonly AdminData _data = new(fixture);

    private async Task<(SiteBrowser Browser, string Cookie)> AdminAsync()
    {
        var admin = await _data.Data.UserAsync("Pat Platform", UserRole.Admin);
        var cookie = await _data.Data.SessionCookieAsync(admin);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        return (browser, cookie);
    }

    public enum Visitor { Anonymous, Customer, OrganizationOwner, PlatformAdmin }

    private static readonly string[] Pages = ["/admin", "/admin/content", "/admin/purchases", "/admin/content/{item}/unpublish", "/admin/purchases/{purchase}/refund"];

    public static TheoryData<Visitor, int, bool> Cases()
    {
        var cases = new TheoryData<Visitor, int, bool>();
        foreach (var visitor in Enum.GetValues<Visitor>())
            for (var page = 0; page < Pages.Length; page++)
                foreach (var htmx in new[] { false, true })
                    cases.Add(visitor, page, htmx);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachVisitor_OnEachPage_InBothShapes(Visitor visitor, int page, bool htmx)
    {
        var (org, owner, ownerCookie) = await _data.OrganizationWithOwnerAsync();
        var item = await _data.PaidItemAsync(org, "Matrix item");
        var purchase = await _data.PurchaseAsync(await _data.Data.UserAsync(), item, _data.DaysAgo(1));
        var cookie = visitor switch
        {
            Visitor.Anonymous => null,
            Visitor.Customer => await _data.Data.SessionCookieAsync(await _data.Data.UserAsync("Customer")),
            Visitor.OrganizationOwner => ownerCookie,
            _ => (await AdminAsync()).Cookie,
        };
        var path = Pages[page].Replace("{item}", item.Id.ToString()).Replace("{purchase}", purchase.Id.ToString());
        using var client = fixture.Client(Role.Site);
        var request = htmx ? Html.Htmx(path) : new HttpRequestMessage(HttpMethod.Get, path);
        if (htmx) request.Headers.Add("HX-Current-URL", fixture.System.SiteUrl + "admin");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        switch (visitor)
        {
            case Visitor.PlatformAdmin:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(!htmx, body.Contains("<html", StringComparison.Ordinal));
                // Per-user HTML is never for a shared cache: private, or no-store where a form's antiforgery token is on the page.
                Assert.False(response.Headers.CacheControl?.Public ?? false);
                Assert.True(response.Headers.CacheControl is { Private: true } or { NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
                break;
            case Visitor.Anonymous when htmx:
                Assert.Equal("/login?redirect=%2Fadmin", response.Headers.GetValues("HX-Redirect").Single());
                break;
            case Visitor.Anonymous:
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal(!htmx, body.Contains("<html", StringComparison.Ordinal));
                break;
        }
        Assert.Contains("HX-Request", response.Headers.Vary.Concat(response.Content.Headers.TryGetValues("Vary", out var v) ? v : []));
    }

    [Fact]
    public async Task Dashboard_TheDemoAdmin_SeesTheDemoData_ChartsWithTitles_AndTablesCarryingTheWorkersNumbers()
    {
        await using var db = fixture.Db();
        var demoAdmin = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "admin@example.com");
        var cookie = await _data.Data.SessionCookieAsync(demoAdmin);
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);
        await _data.GetAsync("/api/admin/stats", cookie); // the first query compiles on first use

        var response = await browser.GetAsync("/admin");
        var fromWorker = (await (await _data.GetAsync("/api/admin/stats", cookie)).ReadAsync<DataEnvelope<PlatformStatsDto>>()).Data;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Dashboard | Platform admin | Codex", page.Title);
        Assert.Equal("page", page.QuerySelector("nav.admin-nav a[href='/admin']")!.GetAttribute("aria-current"));
        Assert.True(fromWorker.Totals.Purchases > 0 && fromWorker.Totals.RevenueCents > 0 && fromWorker.Totals.NewUsers >= 8,
            "the demo data has sales and signups in the last 30 days");
        Assert.Equal(Display.Price(fromWorker.Totals.RevenueCents), page.QuerySelector("dd[data-total=revenue]")!.TextContent.Trim());
        Assert.Equal(fromWorker.Totals.NewUsers.ToString(CultureInfo.InvariantCulture), page.QuerySelector("dd[data-total=signups]")!.TextContent.Trim());
        Assert.Equal(fromWorker.Totals.PublishedContent.ToString(CultureInfo.InvariantCulture), page.QuerySelector("dd[data-total=published]")!.TextContent.Trim());
        foreach (var (id, pick) in new (string, Func<PlatformDayDto, long>)[]
        {
            (DomIds.AdminRevenueChart, d => d.RevenueCents), (DomIds.AdminPurchasesChart, d => d.Purchases), (DomIds.AdminSignupsChart, d => d.Signups),
        })
        {
            var figure = page.GetElementById(id)!;
            var svg = figure.QuerySelector("svg")!;
            Assert.Equal("img", svg.GetAttribute("role"));
            Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("title")!.TextContent));
            Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("desc")!.TextContent));
            var rows = figure.QuerySelectorAll("details table tbody tr");
            Assert.Equal(30, rows.Length);
            Assert.NotNull(figure.QuerySelector("table caption"));
            Assert.Equal(fromWorker.Series.Select(pick), rows.Select(r => long.Parse(r.QuerySelector("td")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture)));
            Assert.Equal(fromWorker.Series.Where(d => pick(d) > 0).Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                svg.QuerySelectorAll("rect").Select(r => r.GetAttribute("data-date")));
        }
    }

    [Fact]
    public async Task Dashboard_APeriod_IsAPlainGetForm_HtmxGetsTheFigures_AndABadOne_Is400InlineKeepingWhatWasTyped()
    {
        var (browser, _) = await AdminAsync();

        var week = await browser.PageAsync("/admin?from=2026-03-01&to=2026-03-07");
        var fragment = await browser.SendAsync(Html.Htmx("/admin?from=2026-03-01&to=2026-03-03"));
        var bad = await browser.GetAsync("/admin?from=2026-03-09&to=2026-03-01");

        var form = week.GetElementById(DomIds.AdminPeriodForm)!;
        Assert.Equal(("get", "/admin"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal("2026-03-01", form.QuerySelector("input[name=from]")!.GetAttribute("value"));
        Assert.Equal(7, week.QuerySelectorAll($"#{DomIds.AdminSignupsChart} tbody tr").Length);
        var (raw, doc) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.AdminStats}\"", raw.TrimStart());
        Assert.Equal(3, doc.QuerySelectorAll($"#{DomIds.AdminRevenueChart} tbody tr").Length);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await bad.ParseAsync();
        Assert.Equal("2026-03-09", badPage.QuerySelector("input[name=from]")!.GetAttribute("value"));
        Assert.Equal("true", badPage.QuerySelector("input[name=from]")!.GetAttribute("aria-invalid"));
        Assert.Contains("on or before", badPage.GetElementById("admin-from-error")!.TextContent);
        Assert.Equal(30, badPage.QuerySelectorAll($"#{DomIds.AdminRevenueChart} tbody tr").Length);
    }

    [Fact]
    public async Task Dashboard_WhenTheAdminApiIsDown_StillRenders_WithANoticeAndRetry_503()
    {
        var (_, cookie) = await AdminAsync();
        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                [WorkerInfo.Of(Role.Auth).UrlVariable] = fixture.System.Urls[Role.Auth].ToString(),
                [WorkerInfo.Of(Role.AdminApi).UrlVariable] = ClosedPort.Url().ToString(),
            },
        });
        var browser = new SiteBrowser(system.SiteUrl);
        browser.SetCookie("codex-session", cookie.Split('=', 2)[1]);

        var response = await browser.GetAsync("/admin?from=2026-03-01&to=2026-03-07");
        var content = await browser.GetAsync("/admin/purchases?q=x");
        var fragment = await browser.SendAsync(Html.Htmx("/admin"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("/admin?from=2026-03-01&to=2026-03-07", page.QuerySelector($"#{DomIds.AdminStats} .notice-unavailable a")!.GetAttribute("href"));
        Assert.NotNull(page.GetElementById(DomIds.AdminPeriodForm));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, content.StatusCode);
        Assert.Equal("x", (await content.ParseAsync()).QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fragment.StatusCode);
        Assert.Contains("notice-unavailable", (await fragment.ParseFragmentAsync()).Raw);
    }

    [Fact]
    public async Task Content_FilteredByOrganization_BothShapes_AnUnknownOrganization_Is400Inline()
    {
        var (browser, _) = await AdminAsync();
        var org = await _data.Data.OrganizationAsync();
        var creator = await _data.Data.UserAsync("Carla Creator");
        await _data.Data.ContentAsync(org, creator, "Listed bread");
        await _data.Data.ContentAsync(org, creator, "Listed draft", status: ContentStatus.Draft);

        var page = await browser.PageAsync("/admin/content?organization=" + org.Slug);
        var fragment = await browser.SendAsync(Html.Htmx($"/admin/content?organization={org.Slug}&status=draft"));
        var unknown = await browser.GetAsync("/admin/content?organization=no-such-org-here&q=bread");

        var rows = page.QuerySelectorAll($"#{DomIds.AdminContentResults} tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Single(page.QuerySelectorAll($"#{DomIds.AdminContentResults} a[href$='/unpublish']"));
        Assert.Contains(creator.Email, rows[0].TextContent + rows[1].TextContent);
        var form = page.GetElementById(DomIds.AdminContentForm)!;
        Assert.Equal(("get", "/admin/content"), (form.GetAttribute("method"), form.GetAttribute("action")));
        var (raw, doc) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.AdminContentResults}\"", raw.TrimStart());
        Assert.Equal("Listed draft", doc.QuerySelector("tbody th")!.ChildNodes[0].TextContent.Trim());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var unknownPage = await unknown.ParseAsync();
        Assert.Equal("no-such-org-here", unknownPage.QuerySelector("input[name=organization]")!.GetAttribute("value"));
        Assert.Equal("bread", unknownPage.QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.Contains("No organization has this address", unknownPage.GetElementById("admin-content-organization-error")!.TextContent);
    }

    [Fact]
    public async Task Content_Unpublish_ConfirmationInBothShapes_ReasonRequiredInline_ThenTheItemLeavesThePublicPage_AndTheCreatorIsMailed()
    {
        var (browser, _) = await AdminAsync();
        var org = await _data.Data.OrganizationAsync();
        var creator = await _data.Data.UserAsync("Carla Creator");
        var item = await _data.Data.ContentAsync(org, creator, "Breaks the rules");
        var publicPath = SiteRoutes.ContentPath(org.Slug, item.Slug);
        var anonymous = new SiteBrowser(fixture.System.SiteUrl);
        var before = await anonymous.GetAsync(publicPath);
        var list = await browser.PageAsync("/admin/content?organization=" + org.Slug);
        var link = list.QuerySelector($"tr[data-content-id='{item.Id}'] a[href$='/unpublish']")!;

        var confirm = await browser.PageAsync(link.GetAttribute("href")!);
        var fragment = await browser.SendAsync(Html.Htmx(link.GetAttribute("hx-get")!));
        var empty = await browser.SubmitAsync(confirm, $"#{DomIds.AdminUnpublishConfirm} form", new() { ["Reason"] = "  " }, htmx: true);
        var tooLong = await browser.SubmitAsync(confirm, $"#{DomIds.AdminUnpublishConfirm} form", new() { ["Reason"] = new string('r', 501) });
        var done = await browser.SubmitAsync(confirm, $"#{DomIds.AdminUnpublishConfirm} form", new() { ["Reason"] = "Copied from another site." });
        var after = await anonymous.GetAsync(publicPath);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("Breaks the rules", confirm.GetElementById(DomIds.AdminUnpublishConfirm)!.TextContent);
        Assert.NotNull(confirm.QuerySelector($"#{DomIds.AdminUnpublishConfirm} textarea[name=Reason][required]"));
        Assert.StartsWith($"<div id=\"{DomIds.AdminUnpublishConfirm}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var (emptyRaw, emptyDoc) = await empty.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.AdminUnpublishConfirm}\"", emptyRaw.TrimStart());
        Assert.Contains("Say why", emptyDoc.GetElementById("unpublish-reason-error")!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal(new string('r', 501), (await tooLong.ParseAsync()).QuerySelector("textarea[name=Reason]")!.TextContent);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Contains("is unpublished", (await browser.FollowAsync(done)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        await using var db = fixture.Db();
        Assert.True(await db.OutgoingMail.AnyAsync(m => m.Recipient == creator.Email && m.Template == "content-unpublished"));
        Assert.Equal("Copied from another site.", (await db.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id)).ModerationReason);
    }

    [Fact]
    public async Task Content_Unpublish_OfADraft_Is422_WithTheWorkersSentence_AndAnUnknownItem_404()
    {
        var (browser, _) = await AdminAsync();
        var org = await _data.Data.OrganizationAsync();
        var creator = await _data.Data.UserAsync("Carla Creator");
        await _data.Data.MembershipAsync(org, creator, MemberRole.Creator);
        var item = await _data.Data.ContentAsync(org, creator, "Soon a draft");
        var confirm = await browser.PageAsync($"/admin/content/{item.Id}/unpublish");
        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContentStatus.Draft));

        var response = await browser.SubmitAsync(confirm, $"#{DomIds.AdminUnpublishConfirm} form", new() { ["Reason"] = "Too late" });
        var unknown = await browser.GetAsync($"/admin/content/{Guid.NewGuid()}/unpublish");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("not published", page.GetElementById(DomIds.AdminUnpublishConfirm)!.TextContent);
        Assert.Equal("Too late", page.QuerySelector("textarea[name=Reason]")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Studio_EditPage_ShowsTheModerationReason_UntilTheItemIsPublishedAgain()
    {
        var (_, adminCookie) = await AdminAsync();
        var cast = await StudioCast.ArrangeAsync(fixture);
        var item = await _data.Data.ContentAsync(cast.Org, cast.Creator, "Moderated piece");
        await _data.SendAsync(HttpMethod.Post, $"/api/admin/content/{item.Id}/unpublish", adminCookie, new UnpublishContentRequest("Missing credits."));

        var edit = await cast.Browser.PageAsync($"{cast.Content}/{item.Id}/edit");
        var publish = await cast.Browser.SubmitAsync(edit, $"#{DomIds.ContentStatus} form", []);
        var again = await cast.Browser.PageAsync($"{cast.Content}/{item.Id}/edit");

        Assert.Contains("Missing credits.", edit.QuerySelector(".moderation-notice")!.TextContent);
        Assert.True((int)publish.StatusCode is 303 or 200);
        Assert.Null(again.QuerySelector(".moderation-notice"));
    }

    [Fact]
    public async Task Purchases_FilteredAndPaged_BothShapes_ABadStatus_Is400()
    {
        var (browser, _) = await AdminAsync();
        var (org, owner, _) = await _data.OrganizationWithOwnerAsync();
        var item = await _data.PaidItemAsync(org, "Listed item " + Guid.NewGuid().ToString("N")[..6], priceCents: 1500);
        for (var i = 0; i < 21; i++) await _data.PurchaseAsync(await _data.Data.UserAsync("Buyer " + i), item, _data.DaysAgo(2, i));
        await _data.PurchaseAsync(await _data.Data.UserAsync("Gifted"), item, _data.DaysAgo(1), grantedBy: owner.Id);

        var page = await browser.PageAsync($"/admin/purchases?content={item.Id}");
        var second = await browser.SendAsync(Html.Htmx($"/admin/purchases?content={item.Id}&page=2"));
        var bad = await browser.GetAsync("/admin/purchases?status=lost&q=kept");

        Assert.Equal(20, page.QuerySelectorAll($"#{DomIds.AdminPurchasesResults} tbody tr").Length);
        Assert.Equal("22 purchases", page.QuerySelector($"#{DomIds.AdminPurchasesResults} .result-count")!.TextContent.Trim());
        Assert.Equal(item.Id.ToString(), page.QuerySelector($"#{DomIds.AdminPurchasesForm} input[type=hidden][name=content]")!.GetAttribute("value"));
        // A refund is offered on paid purchases only, not on the grant.
        Assert.Equal(19, page.QuerySelectorAll($"#{DomIds.AdminPurchasesResults} a[href$='/refund']").Length);
        Assert.Contains("Complimentary", page.QuerySelector($"#{DomIds.AdminPurchasesResults} tbody tr")!.TextContent);
        var (raw, doc) = await second.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.AdminPurchasesResults}\"", raw.TrimStart());
        Assert.Equal(2, doc.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await bad.ParseAsync();
        Assert.Equal("kept", badPage.QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.Contains("Must be one of", badPage.GetElementById("f-status-error")!.TextContent);
    }

    [Fact]
    public async Task Purchases_Refund_ConfirmationInBothShapes_TooMuchInline_PartialKeepsAccess_FullEndsIt()
    {
        var (browser, _) = await AdminAsync();
        var (org, _, _) = await _data.OrganizationWithOwnerAsync();
        var item = await _data.PaidItemAsync(org, "Refundable video", priceCents: 1250, video: true);
        var buyer = await _data.Data.UserAsync("Bea Buyer");
        var buyerCookie = await _data.Data.SessionCookieAsync(buyer);
        var purchase = await _data.PurchaseAsync(buyer, item, _data.DaysAgo(1));
        var list = await browser.PageAsync($"/admin/purchases?content={item.Id}");
        var link = list.QuerySelector($"tr[data-purchase-id='{purchase.Id}'] a[href$='/refund']")!.GetAttribute("href")!;

        var confirm = await browser.PageAsync(link);
        var fragment = await browser.SendAsync(Html.Htmx(link));
        var tooMuch = await browser.SubmitAsync(confirm, $"#{DomIds.AdminRefundConfirm} form", new() { ["Reason"] = "Generous", ["Amount"] = "99.00" });
        var noReason = await browser.SubmitAsync(confirm, $"#{DomIds.AdminRefundConfirm} form", new() { ["Reason"] = "", ["Amount"] = "1.00" }, htmx: true);
        var partial = await browser.SubmitAsync(confirm, $"#{DomIds.AdminRefundConfirm} form", new() { ["Reason"] = "Late", ["Amount"] = "2.50" });
        var afterPartial = await browser.FollowAsync(partial);
        var streamAfterPartial = await _data.StreamAsync(item.Id, buyerCookie);
        var full = await browser.SubmitAsync(await browser.PageAsync(link), $"#{DomIds.AdminRefundConfirm} form", new() { ["Reason"] = "Unhappy", ["Amount"] = "" });

        Assert.Contains("$12.50", confirm.GetElementById(DomIds.AdminRefundConfirm)!.TextContent);
        Assert.StartsWith($"<div id=\"{DomIds.AdminRefundConfirm}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        var tooMuchPage = await tooMuch.ParseAsync();
        Assert.Equal(("Generous", "99.00"), (tooMuchPage.QuerySelector("input[name=Reason]")!.GetAttribute("value"),
            tooMuchPage.QuerySelector("input[name=Amount]")!.GetAttribute("value")));
        Assert.Contains("At most $12.50", tooMuchPage.GetElementById(DomIds.AdminRefundConfirm)!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.StartsWith($"<div id=\"{DomIds.AdminRefundConfirm}\"", (await noReason.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.SeeOther, partial.StatusCode);
        Assert.Contains("Refunded $2.50 to Bea Buyer; they keep access", afterPartial.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.OK, streamAfterPartial);
        Assert.Equal(HttpStatusCode.SeeOther, full.StatusCode);
        Assert.Contains("has ended", (await browser.FollowAsync(full)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, await _data.StreamAsync(item.Id, buyerCookie));
        await using var db = fixture.Db();
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.TargetId == purchase.Id.ToString("D")).OrderBy(a => a.CreatedAt).ToListAsync();
        Assert.Equal(["Late", "Unhappy"], audit.Select(a => a.Reason));
    }
}
