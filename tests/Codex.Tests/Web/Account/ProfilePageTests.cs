using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.OrganizationApi;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Account;

/// <summary><c>/account/profile</c>: the profile form and the picture, by plain form posts (JavaScript off) and htmx.</summary>
[Collection(SiteCollection.Name)]
public sealed class ProfilePageTests(SiteFixture fixture)
{
    private readonly AccountPeople _people = new(fixture);

    private static Task<HttpResponseMessage> SaveAsync(SiteBrowser browser, IDocument page, string name, string username, string bio, string website,
        bool htmx = false) =>
        browser.SubmitAsync(page, $"#{DomIds.ProfileDetailsForm}",
            new() { ["Name"] = name, ["Username"] = username, ["Bio"] = bio, ["WebsiteUrl"] = website }, htmx);

    private static async Task<HttpResponseMessage> UploadAsync(SiteBrowser browser, IDocument page, byte[] bytes, string fileName)
    {
        var form = page.GetElementById(DomIds.AvatarForm)!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, "file", fileName } };
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = content });
    }

    [Fact]
    public async Task Post_Profile_SavesEveryField_AndLinksThePublicPage()
    {
        var (user, browser) = await _people.SignedInAsync("Before Name");
        var handle = AccountPeople.Handle();
        var page = await browser.PageAsync("/account/profile");
        Assert.Contains("Choose a username", page.QuerySelector(".account-main")!.TextContent);

        var saved = await SaveAsync(browser, page, "After Name", handle, "Line one.\nLine two.", "https://example.com/me");

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var after = await browser.FollowAsync(saved);
        Assert.Contains($"/u/{handle}", after.GetElementById(DomIds.Flash)!.TextContent);
        Assert.Equal(handle, after.QuerySelector("#f-username")!.GetAttribute("value"));
        Assert.Equal("Line one.\nLine two.", after.QuerySelector("#f-bio")!.TextContent.Replace("\r", ""));
        Assert.Equal($"/u/{handle}", after.QuerySelector($".account-main a[href='/u/{handle}']")!.GetAttribute("href"));
        Assert.Contains("After Name", after.QuerySelector("header .nav-user")!.TextContent); // the header's name drops at once
        await using var db = fixture.Db();
        Assert.Equal("https://example.com/me", await db.Users.Where(u => u.Id == user.Id).Select(u => u.WebsiteUrl).SingleAsync());
    }

    [Fact]
    public async Task Post_Profile_WithInvalidValues_Answers422_InlineErrors_KeepingEverythingTyped()
    {
        var (_, browser) = await _people.SignedInAsync();
        var page = await browser.PageAsync("/account/profile");

        var response = await SaveAsync(browser, page, "Kept Name", "Not Valid!", "Kept bio.", "javascript:alert(1)");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var again = await response.ParseAsync();
        Assert.NotNull(again.QuerySelector("#f-username-error"));
        Assert.Equal("true", again.QuerySelector("#f-username")!.GetAttribute("aria-invalid"));
        Assert.NotNull(again.QuerySelector("#f-websiteurl-error"));
        Assert.Equal(("Kept Name", "Not Valid!", "javascript:alert(1)"),
            (again.QuerySelector("#f-name")!.GetAttribute("value"), again.QuerySelector("#f-username")!.GetAttribute("value"),
                again.QuerySelector("#f-websiteurl")!.GetAttribute("value")));
        Assert.Equal("Kept bio.", again.QuerySelector("#f-bio")!.TextContent);
        Assert.NotNull(again.GetElementById(DomIds.AccountNav)); // the whole page, without JavaScript
    }

    [Fact]
    public async Task Post_Profile_WithATakenUsername_Answers422_OnTheUsernameField_AlsoAsAnHtmxFragment()
    {
        var taken = AccountPeople.Handle();
        await _people.SignedInAsync("First Holder", taken);
        var (_, browser) = await _people.SignedInAsync();
        var page = await browser.PageAsync("/account/profile");

        var response = await SaveAsync(browser, page, "Second Person", taken, "", "", htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.StartsWith($"<form id=\"{DomIds.ProfileDetailsForm}\"", raw.TrimStart());
        Assert.Contains("taken", fragment.QuerySelector("#f-username-error")!.TextContent);
        Assert.Equal(taken, fragment.QuerySelector("#f-username")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Avatar_Upload_ShowsItThroughTheSite_ReplacesAndRemovesIt()
    {
        var (_, browser) = await _people.SignedInAsync("Picture Person");
        var page = await browser.PageAsync("/account/profile");

        var uploaded = await UploadAsync(browser, page, LogoTests.Fixture("logo.png"), "me.jpg");

        Assert.Equal(HttpStatusCode.SeeOther, uploaded.StatusCode);
        var after = await browser.FollowAsync(uploaded);
        var image = after.QuerySelector(".avatar-panel img")!;
        Assert.Equal("Your current picture", image.GetAttribute("alt"));
        var src = image.GetAttribute("src")!;
        Assert.StartsWith("/avatars/", src);
        Assert.EndsWith(".png", src);
        var file = await fixture.Client(Role.Site).GetAsync(src); // forwarded to the Identity-API, to anyone
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/png", file.Content.Headers.ContentType!.MediaType);

        var removed = await browser.SubmitAsync(after, ".avatar-remove-form", new());
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        Assert.Null((await browser.FollowAsync(removed)).QuerySelector(".avatar-panel img"));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client(Role.Site).GetAsync(src)).StatusCode);
    }

    [Fact]
    public async Task Avatar_Upload_OfAnSvg_Answers400_WithTheSentenceInline()
    {
        var (_, browser) = await _people.SignedInAsync();
        var page = await browser.PageAsync("/account/profile");

        var response = await UploadAsync(browser, page, LogoTests.Fixture("logo.svg"), "logo.svg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var again = await response.ParseAsync();
        Assert.Contains("not a picture we can take", again.QuerySelector("#f-avatar-error")!.TextContent);
        Assert.Equal("true", again.QuerySelector("#f-avatar")!.GetAttribute("aria-invalid"));
    }
}
