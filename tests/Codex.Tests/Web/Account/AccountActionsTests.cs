using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.Auth;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Account;

/// <summary>Email change, sessions, export and deletion through the account pages, as a browser without JavaScript uses them.</summary>
[Collection(SiteCollection.Name)]
public sealed class AccountActionsTests(SiteFixture fixture)
{
    private readonly AccountPeople _people = new(fixture);

    [Fact]
    public async Task EmailChange_WrongPassword_IsInline_ThenTheMailedLinksPage_ConfirmsOnlyWhenPosted()
    {
        var (user, browser) = await _people.SignedInAsync();
        var page = await browser.PageAsync("/account/email");
        var newEmail = AuthApi.NewEmail();

        var wrong = await browser.SubmitAsync(page, $"#{DomIds.EmailChangeForm}", new() { ["NewEmail"] = newEmail, ["Password"] = "not-it-123" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var wrongPage = await wrong.ParseAsync();
        Assert.Contains("not right", wrongPage.QuerySelector("#f-password-error")!.TextContent);
        Assert.Equal(newEmail, wrongPage.QuerySelector("#f-newemail")!.GetAttribute("value"));
        Assert.Null(wrongPage.QuerySelector("#f-password")!.GetAttribute("value"));

        var sent = await browser.SubmitAsync(page, $"#{DomIds.EmailChangeForm}", new() { ["NewEmail"] = newEmail, ["Password"] = AccountPeople.Password });
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var pending = await browser.FollowAsync(sent);
        Assert.Contains(newEmail, pending.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Contains(newEmail, pending.QuerySelector(".account-main .notice")!.TextContent);

        var token = await Mailbox.LatestTokenAsync(fixture, newEmail, "account/email/confirm");
        var confirmPage = await browser.PageAsync("/account/email/confirm?token=" + Uri.EscapeDataString(token));
        await using (var db = fixture.Db())
            Assert.Equal(user.Email, await db.Users.Where(u => u.Id == user.Id).Select(u => u.Email).SingleAsync()); // a GET changes nothing
        var confirmed = await browser.SubmitAsync(confirmPage, $"#{DomIds.ConfirmEmailForm}", new());

        Assert.Equal(HttpStatusCode.SeeOther, confirmed.StatusCode);
        var after = await browser.FollowAsync(confirmed);
        Assert.Contains(newEmail, after.QuerySelector(".account-main")!.TextContent);
        var again = await browser.SubmitAsync(confirmPage, $"#{DomIds.ConfirmEmailForm}", new());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("invalid, already used or expired", (await again.ParseAsync()).QuerySelector(".notice-error")!.TextContent);
    }

    [Fact]
    public async Task EmailConfirmPage_WorksSignedOut_InBothShapes()
    {
        var site = fixture.Client(Role.Site);

        var page = await site.GetAsync("/account/email/confirm?token=abc");
        var fragment = await site.SendAsync(Html.Htmx("/account/email/confirm?token=abc"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await page.ParseAsync();
        Assert.Equal("abc", document.QuerySelector($"#{DomIds.ConfirmEmailForm} input[name=Token]")!.GetAttribute("value"));
        Assert.NotNull(document.QuerySelector("meta[name=robots][content=noindex]"));
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
    }

    [Fact]
    public async Task Sessions_ListThisDevice_SignOutOne_ThenEverywhereElse_EachEndsAtOnce()
    {
        var (user, browser) = await _people.SignedInAsync();
        var second = new SiteBrowser(fixture.System.SiteUrl);
        second.SetCookie("codex-session", (await _people.Data.SessionCookieAsync(user)).Split('=', 2)[1]);
        var third = new SiteBrowser(fixture.System.SiteUrl);
        third.SetCookie("codex-session", (await _people.Data.SessionCookieAsync(user)).Split('=', 2)[1]);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/account")).StatusCode); // resolved, and cached by the site

        var page = await browser.PageAsync("/account/sessions");
        var table = page.QuerySelector($"#{DomIds.SessionsList} table")!;
        Assert.NotNull(table.QuerySelector("caption"));
        Assert.Equal(3, table.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("This device", table.QuerySelector("tbody tr.session-current")!.TextContent);
        Assert.Null(table.QuerySelector("tbody tr.session-current form"));

        var one = await browser.SubmitAsync(page, $"#{DomIds.SessionsList} tbody tr:not(.session-current) form", new());
        Assert.Equal(HttpStatusCode.SeeOther, one.StatusCode);
        var after = await browser.FollowAsync(one);
        Assert.Equal(2, after.QuerySelectorAll($"#{DomIds.SessionsList} tbody tr").Length);

        var rest = await browser.SubmitAsync(after, $"#{DomIds.EndOtherSessionsForm}", new());
        Assert.Equal(HttpStatusCode.SeeOther, rest.StatusCode);
        Assert.Contains("Signed out of 1 other session", (await browser.FollowAsync(rest)).GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(HttpStatusCode.Found, (await second.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await third.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Export_Download_IsAnAttachment_OfTheCallersJson_NeverCached()
    {
        var (user, browser) = await _people.SignedInAsync("Exporter");
        var page = await browser.PageAsync("/account/export");
        var link = page.QuerySelector(".export-panel a[download]")!.GetAttribute("href")!;

        var response = await browser.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.True(response.Headers.CacheControl!.NoStore);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(user.Email, json.RootElement.GetProperty("data").GetProperty("profile").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Delete_Refusals_AreInline_KeepingTheWordButNeverThePassword()
    {
        var (user, browser) = await _people.SignedInAsync();
        var org = await _people.Data.OrganizationAsync();
        var page = await browser.PageAsync("/account/delete");

        var word = await browser.SubmitAsync(page, $"#{DomIds.DeleteAccountForm}", new() { ["Confirmation"] = "delete", ["Password"] = AccountPeople.Password });
        var password = await browser.SubmitAsync(page, $"#{DomIds.DeleteAccountForm}", new() { ["Confirmation"] = "DELETE", ["Password"] = "wrong-pass-9" });
        await _people.Data.MembershipAsync(org, user, Codex.Contracts.MemberRole.Owner);
        var owner = await browser.SubmitAsync(page, $"#{DomIds.DeleteAccountForm}", new() { ["Confirmation"] = "DELETE", ["Password"] = AccountPeople.Password }, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, word.StatusCode);
        var wordPage = await word.ParseAsync();
        Assert.Contains("capital letters", wordPage.QuerySelector("#f-confirmation-error")!.TextContent);
        Assert.Equal("delete", wordPage.QuerySelector("#f-confirmation")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, password.StatusCode);
        Assert.Contains("not right", (await password.ParseAsync()).QuerySelector("#f-password-error")!.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, owner.StatusCode);
        var (raw, fragment) = await owner.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.DeleteAccountForm}\"", raw.TrimStart());
        Assert.Contains(org.Name, fragment.QuerySelector(".notice-error")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Delete_SignsOut_SaysGoodbyeOnTheHomePage_AndTheOldCookieIsAnonymousAtOnce()
    {
        var (user, browser) = await _people.SignedInAsync("Leaving Soon");
        var cookie = browser.CookieValue("codex-session")!;
        var elsewhere = new SiteBrowser(fixture.System.SiteUrl);
        elsewhere.SetCookie("codex-session", (await _people.Data.SessionCookieAsync(user)).Split('=', 2)[1]);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/account")).StatusCode);
        var page = await browser.PageAsync("/account/delete");

        var deleted = await browser.SubmitAsync(page, $"#{DomIds.DeleteAccountForm}", new() { ["Confirmation"] = "DELETE", ["Password"] = AccountPeople.Password });

        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        Assert.Equal("/", deleted.Headers.Location!.ToString());
        Assert.Null(browser.CookieValue("codex-session"));
        var home = await browser.FollowAsync(deleted);
        Assert.Contains("goodbye", home.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Null(home.QuerySelector("header .nav-user"));
        var replayed = new SiteBrowser(fixture.System.SiteUrl);
        replayed.SetCookie("codex-session", cookie);
        Assert.Equal(HttpStatusCode.Found, (await replayed.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await elsewhere.GetAsync("/account")).StatusCode);
    }
}
