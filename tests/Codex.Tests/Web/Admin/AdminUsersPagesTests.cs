using System.Net;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Host;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Admin;

/// <summary>
/// /admin/users and /admin/users/{id} through HTTP (ADR 028): who may open them, the search (a plain GET form, the
/// results fragment for htmx), an account's page, and change role / disable / enable, each through a confirmation step
/// with a required reason, in both shapes; the disabled person's next request is anonymous at once.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AdminUsersPagesTests(SiteFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<Data.User> UserRowAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Found)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK)]
    public async Task EveryUsersPage_ByVisitor(Who who, HttpStatusCode status)
    {
        var browser = await AdminPages.VisitorAsync(fixture, who);
        var target = await _data.UserAsync("Target");

        foreach (var url in new[] { "/admin/users", $"/admin/users/{target.Id}", $"/admin/users/{target.Id}/disable", $"/admin/users/{target.Id}/role?role=creator" })
        {
            var response = await browser.GetAsync(url);
            Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode}");
            if (status == HttpStatusCode.Found) Assert.Equal("/login?redirect=" + Uri.EscapeDataString(url), response.Headers.Location!.ToString());
        }
    }

    [Theory]
    [InlineData(Who.Customer)]
    [InlineData(Who.Owner)]
    public async Task APost_FromSomeoneElse_IsForbidden_AndChangesNothing(Who who)
    {
        var (_, admin) = await AdminPages.AdminAsync(fixture);
        var target = await _data.UserAsync("Not To Be Touched");
        var confirm = await admin.PageAsync($"/admin/users/{target.Id}/disable");
        var browser = await AdminPages.VisitorAsync(fixture, who);

        var response = await browser.SendAsync(SiteBrowser.FormRequest(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("x")));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        Assert.Null((await UserRowAsync(target.Id)).DisabledAt);
    }

    [Fact]
    public async Task Index_FullPage_HasTheFiltersForm_AndTheResultsTable_Privately()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        var person = await _data.UserAsync($"Findable {word}", UserRole.Creator);

        var response = await browser.GetAsync($"/admin/users?q={word}&role=creator&status=active");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.False(response.Headers.CacheControl?.Public ?? false);
        var page = await response.ParseAsync();
        Assert.Equal("Users | Admin | Codex", page.Title);
        Assert.NotNull(page.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.Equal("page", page.QuerySelector("nav.admin-nav a[href='/admin/users']")!.GetAttribute("aria-current"));
        var form = page.GetElementById(DomIds.AdminUsersSearch)!;
        Assert.Equal(("get", "/admin/users"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal($"#{DomIds.AdminUsersResults}", form.GetAttribute("hx-target"));
        Assert.Equal(word, page.QuerySelector("#f-users-q")!.GetAttribute("value"));
        Assert.Equal("creator", page.QuerySelector("#f-users-role option[selected]")!.GetAttribute("value"));
        Assert.Equal("active", page.QuerySelector("#f-users-status option[selected]")!.GetAttribute("value"));
        foreach (var id in new[] { "f-users-q", "f-users-role", "f-users-status" }) Assert.NotNull(page.QuerySelector($"label[for={id}]"));
        var results = page.GetElementById(DomIds.AdminUsersResults)!;
        Assert.NotNull(results.QuerySelector("table caption"));
        Assert.Equal(5, results.QuerySelectorAll("thead th[scope=col]").Length);
        var row = results.QuerySelector($"tr[data-user-id='{person.Id}']")!;
        Assert.Equal($"/admin/users/{person.Id}", row.QuerySelector("th[scope=row] a")!.GetAttribute("href"));
        Assert.Equal(person.Email, row.QuerySelector("td[data-label=Email]")!.TextContent.Trim());
        Assert.Equal("Creator", row.QuerySelector("td[data-label=Role]")!.TextContent.Trim());
        Assert.Equal("Active", row.QuerySelector("td[data-label=Status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Index_AsHtmx_IsTheResultsFragment()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);

        var response = await browser.SendAsync(Html.Htmx("/admin/users?q=example"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (raw, _) = await response.ParseFragmentAsync();
        Assert.DoesNotContain("<html", raw);
        Assert.StartsWith($"<div id=\"{DomIds.AdminUsersResults}\"", raw.TrimStart());
    }

    [Fact]
    public async Task Index_ListsTheDemoAccounts_AndPages()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);

        var word = "p" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 21; i++) await _data.UserAsync($"Paged {word} {i}");

        var page = await browser.PageAsync("/admin/users?q=example.com");
        var second = await browser.PageAsync($"/admin/users?q={word}&page=2");

        Assert.Contains("admin@example.com", page.GetElementById(DomIds.AdminUsersResults)!.TextContent);
        var results = second.GetElementById(DomIds.AdminUsersResults)!;
        Assert.Single(results.QuerySelectorAll("tbody tr"));
        var prev = results.QuerySelector("nav.pagination a[rel=prev]")!;
        Assert.Equal($"/admin/users?q={word}", prev.GetAttribute("href"));
        Assert.Equal($"#{DomIds.AdminUsersResults}", prev.GetAttribute("hx-target"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Index_WithABadFilter_Is400_SayingWhat_InBothShapes(bool htmx)
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var url = "/admin/users?role=wizard&page=0";

        var response = htmx ? await browser.SendAsync(Html.Htmx(url)) : await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Choose a role from the list.", text);
        Assert.Contains("Page must be a number from 1 to 1000.", text);
    }

    [Fact]
    public async Task Show_HasTheFacts_AndTheActions_EachALinkToAConfirmation()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var org = await _data.OrganizationAsync();
        var person = await _data.UserAsync("Shown Person");
        await _data.MembershipAsync(org, person, MemberRole.Creator);

        var response = await browser.GetAsync($"/admin/users/{person.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Shown Person", page.QuerySelector("h1")!.TextContent.Trim());
        var panel = page.GetElementById(DomIds.AdminUser)!;
        Assert.Contains(person.Email, panel.QuerySelector("dl")!.TextContent);
        Assert.Contains(org.Name, panel.TextContent);
        var disable = panel.QuerySelector($"a[href='/admin/users/{person.Id}/disable']")!;
        Assert.Equal($"#{DomIds.AdminAction}", disable.GetAttribute("hx-target"));
        var role = panel.QuerySelector($"form[action='/admin/users/{person.Id}/role']")!;
        Assert.Equal("get", role.GetAttribute("method"));
        Assert.NotNull(panel.QuerySelector("label[for=f-user-role]"));
        Assert.Equal("customer", role.QuerySelector("option[selected]")!.GetAttribute("value"));
        Assert.NotNull(panel.QuerySelector($"a[href='/admin/audit?targetType=user&targetId={person.Id}']"));
    }

    [Fact]
    public async Task Show_OfOneself_OffersNoDisablingNorDemotion()
    {
        var (admin, browser) = await AdminPages.AdminAsync(fixture);

        var page = await browser.PageAsync($"/admin/users/{admin.Id}");

        Assert.Null(page.QuerySelector($"a[href$='/disable']"));
        Assert.Null(page.QuerySelector($"form[action$='/role']"));
        Assert.Contains("your own account", page.GetElementById(DomIds.AdminUser)!.TextContent);
    }

    [Fact]
    public async Task Show_AsHtmx_IsThePanel_AndAnUnknownAccountIs404()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Fragment Person");

        var fragment = await browser.SendAsync(Html.Htmx($"/admin/users/{person.Id}"));
        var unknown = await browser.GetAsync($"/admin/users/{Guid.NewGuid()}");

        Assert.StartsWith($"<div id=\"{DomIds.AdminUser}\"", (await fragment.ParseFragmentAsync()).Raw.TrimStart());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Disable_Plain_ConfirmPage_ThenRedirectWithAFlash_AndTheirSessionEndsAtOnce()
    {
        var (admin, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Soon Disabled");
        var theirs = await AdminPages.BrowserAsync(fixture, person);
        Assert.Equal(HttpStatusCode.OK, (await theirs.GetAsync("/library")).StatusCode); // signed in, and cached as such

        var confirm = await browser.PageAsync($"/admin/users/{person.Id}/disable");
        Assert.Equal("Disable Soon Disabled? | Users | Admin | Codex", confirm.Title);
        var form = confirm.QuerySelector($"#{DomIds.AdminConfirm} form")!;
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.NotNull(confirm.QuerySelector("label[for=f-reason]"));
        Assert.NotNull(confirm.QuerySelector("textarea#f-reason[required][maxlength='500']"));
        var response = await browser.SubmitAsync(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("Selling stolen accounts"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/admin/users/{person.Id}", response.Headers.Location!.ToString());
        var after = await browser.FollowAsync(response);
        Assert.Contains("Soon Disabled is disabled and was signed out everywhere.", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Contains("Selling stolen accounts", after.GetElementById(DomIds.AdminUser)!.TextContent);
        Assert.NotNull(after.QuerySelector($"a[href='/admin/users/{person.Id}/enable']"));
        Assert.NotNull((await UserRowAsync(person.Id)).DisabledAt);
        var library = await theirs.GetAsync("/library");
        Assert.Equal(HttpStatusCode.Found, library.StatusCode);
        Assert.StartsWith("/login?redirect=", library.Headers.Location!.ToString());
        await using var db = fixture.Db();
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.TargetId == person.Id.ToString());
        Assert.Equal(("user.disable", admin.Id, "Selling stolen accounts"), (audit.Action, audit.ActorId, audit.Reason));
    }

    [Fact]
    public async Task Disable_AsHtmx_ConfirmFragment_ThenHxRedirect()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Htmx Disabled");

        var fragment = await browser.SendAsync(Html.Htmx($"/admin/users/{person.Id}/disable"));
        var (raw, document) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<div id=\"{DomIds.AdminConfirm}\"", raw.TrimStart());
        Assert.Equal($"#{DomIds.AdminConfirm}", document.QuerySelector("form")!.GetAttribute("hx-target"));
        var response = await browser.SendAsync(SiteBrowser.FormRequest(document, "form", AdminPages.Reason("Chargebacks"), htmx: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/admin/users/{person.Id}", response.Headers.GetValues("HX-Redirect").Single());
        Assert.NotNull((await UserRowAsync(person.Id)).DisabledAt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disable_WithoutAReason_Is422_WithTheErrorInline_InBothShapes(bool htmx)
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Not Yet");
        var confirm = await browser.PageAsync($"/admin/users/{person.Id}/disable");

        var response = await browser.SendAsync(SiteBrowser.FormRequest(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("   "), htmx));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        Assert.Equal("Say why: the audit log keeps the reason.", document.QuerySelector("#f-reason-error")!.TextContent.Trim());
        Assert.Equal("true", document.QuerySelector("#f-reason")!.GetAttribute("aria-invalid"));
        Assert.Null((await UserRowAsync(person.Id)).DisabledAt);
    }

    [Fact]
    public async Task Role_ChangeThroughTheConfirmation_KeepsAReasonTooLong_AndThenSucceeds()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Future Creator");
        var show = await browser.PageAsync($"/admin/users/{person.Id}");
        var step = await browser.SendAsync(SiteBrowser.FormRequest(show, $"form[action='/admin/users/{person.Id}/role']", new() { ["role"] = "creator" }));
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        var confirm = await step.ParseAsync();
        Assert.Equal("Make Future Creator a creator?", confirm.QuerySelector("#admin-confirm-heading")!.TextContent.Trim());
        var tooLong = new string('r', 501);

        var refused = await browser.SendAsync(SiteBrowser.FormRequest(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason(tooLong)));
        var kept = await refused.ParseAsync();
        var done = await browser.SubmitAsync(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("Publishes for Acme"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(tooLong, kept.QuerySelector("#f-reason")!.TextContent);
        Assert.Equal("creator", kept.QuerySelector("input[name=Role]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Contains("Future Creator is now a creator.", (await browser.FollowAsync(done)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(UserRole.Creator, (await UserRowAsync(person.Id)).Role);
    }

    [Fact]
    public async Task Role_ConfirmWithAnUnknownRole_Is400()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Role Typo");

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync($"/admin/users/{person.Id}/role?role=wizard")).StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DisablingOneself_IsRefusedWithTheWorkersSentence_422(bool htmx)
    {
        var (admin, browser) = await AdminPages.AdminAsync(fixture);
        var confirm = await browser.PageAsync($"/admin/users/{admin.Id}/disable");

        var response = await browser.SendAsync(SiteBrowser.FormRequest(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("Leaving"), htmx));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var document = htmx ? (await response.ParseFragmentAsync()).Document : await response.ParseAsync();
        Assert.Contains("your own account", document.QuerySelector($"#{DomIds.AdminConfirm} [role=alert]")!.TextContent);
        Assert.Equal("Leaving", document.QuerySelector("#f-reason")!.TextContent);
        Assert.Null((await UserRowAsync(admin.Id)).DisabledAt);
    }

    [Fact]
    public async Task Enable_ThroughTheConfirmation()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Back Again");
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        var confirm = await browser.PageAsync($"/admin/users/{person.Id}/enable");

        var response = await browser.SubmitAsync(confirm, $"#{DomIds.AdminConfirm} form", AdminPages.Reason("Appeal accepted"));

        Assert.Contains("Back Again is enabled and can sign in again.", (await browser.FollowAsync(response)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Null((await UserRowAsync(person.Id)).DisabledAt);
    }

    [Fact]
    public async Task AConfirmation_PostedWithoutTheAntiforgeryToken_IsRefused()
    {
        var (_, browser) = await AdminPages.AdminAsync(fixture);
        var person = await _data.UserAsync("Csrf Target");

        var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/admin/users/{person.Id}/disable")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Reason"] = "forged" }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await UserRowAsync(person.Id)).DisabledAt);
    }

    [Fact]
    public async Task Login_OfADisabledAccount_ShowsTheWorkersSentenceInline()
    {
        var browser = new SiteBrowser(fixture.System.SiteUrl);
        var login = await browser.PageAsync("/login");
        var password = "demo-password-1";
        var person = await _data.UserAsync("Disabled Signer");
        await using (var db = fixture.Db())
        {
            var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<Data.User>();
            await db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.PasswordHash, hasher.HashPassword(person, password)).SetProperty(u => u.DisabledAt, DateTimeOffset.UtcNow));
        }

        var response = await browser.SubmitAsync(login, $"#{DomIds.LoginForm}", new() { ["Email"] = person.Email, ["Password"] = password });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("disabled by a Codex administrator", page.QuerySelector($"#{DomIds.LoginForm} [role=alert]")!.TextContent);
        Assert.Equal(person.Email, page.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.Null(browser.CookieValue("codex-session"));
    }

    [Fact]
    public async Task WithTheAdminApiDown_TheListRendersWithANotice_503()
    {
        var cookie = (await _data.SessionCookieAsync(await _data.UserAsync("Admin Down", UserRole.Admin))).Split('=', 2)[1];
        await using var system = await CodexSystem.StartAsync(new SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                [WorkerInfo.Of(Role.Auth).UrlVariable] = fixture.System.Urls[Role.Auth].ToString(),
                [WorkerInfo.Of(Role.OrganizationApi).UrlVariable] = fixture.System.Urls[Role.OrganizationApi].ToString(),
                [WorkerInfo.Of(Role.AdminApi).UrlVariable] = ClosedPort.Url().ToString(),
            },
        });
        var browser = new SiteBrowser(system.SiteUrl);
        browser.SetCookie("codex-session", cookie);

        var response = await browser.GetAsync("/admin/users?q=someone");
        var fragment = await browser.SendAsync(Html.Htmx("/admin/users?q=someone"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("someone", page.QuerySelector("#f-users-q")!.GetAttribute("value"));
        Assert.Equal("/admin/users?q=someone", page.QuerySelector($"#{DomIds.AdminUsersResults} .notice-unavailable a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fragment.StatusCode);
        Assert.Contains("notice-unavailable", (await fragment.ParseFragmentAsync()).Raw);
    }
}
