using System.Net;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Tests.Web.Account;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.People;

/// <summary><c>/u/{username}</c>, and the author link of content pages that leads there.</summary>
[Collection(SiteCollection.Name)]
public sealed class PersonPageTests(SiteFixture fixture)
{
    private readonly AccountPeople _people = new(fixture);

    private async Task<(User Creator, string Handle, Organization Org, ContentItem Item)> CreatorAsync(string name = "Page Creator", string? bio = "Writes things.")
    {
        var handle = AccountPeople.Handle("c");
        var (creator, _) = await _people.SignedInAsync(name, handle);
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == creator.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Bio, bio).SetProperty(x => x.WebsiteUrl, "https://creator.example/"));
        var org = await _people.Data.OrganizationAsync();
        var item = await _people.Data.ContentAsync(org, creator, "A published essay by the creator");
        await _people.Data.ContentAsync(org, creator, "A draft nobody sees", status: ContentStatus.Draft);
        return (creator, handle, org, item);
    }

    [Fact]
    public async Task Get_PersonPage_ShowsTheProfile_AndTheirPublishedWork_InBothShapes_CachedPublicly()
    {
        var (creator, handle, _, _) = await CreatorAsync("Ada <Creator>");
        var site = fixture.Client(Role.Site);

        var full = await site.GetAsync($"/u/{handle}");
        var fragment = await site.SendAsync(Html.Htmx($"/u/{handle}"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var page = await full.ParseAsync();
        Assert.Equal("Ada <Creator>", page.QuerySelector("h1")!.TextContent);
        Assert.Equal($"Ada <Creator> (@{handle}) | Codex", page.Title);
        Assert.Contains("Writes things.", page.QuerySelector(".person-bio")!.TextContent);
        var website = page.QuerySelector(".person-website a")!;
        Assert.Equal("https://creator.example/", website.GetAttribute("href"));
        Assert.Contains("nofollow", website.GetAttribute("rel"));
        Assert.Contains("ugc", website.GetAttribute("rel"));
        var work = page.GetElementById(DomIds.PersonWork)!;
        Assert.Single(work.QuerySelectorAll(".card"));
        Assert.Contains("A published essay by the creator", work.TextContent);
        Assert.DoesNotContain("draft", work.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(creator.Email, await full.Content.ReadAsStringAsync());
        Assert.True(full.Headers.CacheControl!.Public);
        Assert.Contains("HX-Request", full.Headers.Vary);
        var (raw, _) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.PersonWork}\"", raw.TrimStart());
    }

    [Theory]
    [InlineData("nobody_at_all")]
    [InlineData("Not-A-Handle")]
    public async Task Get_PersonPage_ForAnUnknownUsername_IsTheNotFoundPage(string username)
    {
        var response = await fixture.Client(Role.Site).GetAsync($"/u/{username}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_PersonPage_WithoutAPicture_ShowsTheInitial_WithAPicture_AnImageWithAltText()
    {
        var (creator, handle, _, _) = await CreatorAsync("Zed Person");

        var before = await (await fixture.Client(Role.Site).GetAsync($"/u/{handle}?page=1")).ParseAsync();
        Assert.Equal("Z", before.QuerySelector(".person-header .avatar-initial")!.TextContent);
        var file = $"{Guid.NewGuid():N}.png";
        Directory.CreateDirectory(Path.Combine(fixture.DataPath, "media", "avatars", creator.Id.ToString("D")));
        await File.WriteAllBytesAsync(Path.Combine(fixture.DataPath, "media", "avatars", creator.Id.ToString("D"), file),
            Codex.Tests.Workers.OrganizationApi.LogoTests.Fixture("logo.png"));
        await using (var db = fixture.Db())
            await db.Users.Where(u => u.Id == creator.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AvatarKey, $"avatars/{creator.Id:D}/{file}"));

        var after = await (await fixture.Client(Role.Site).GetAsync($"/u/{handle}?page=2")).ParseAsync();
        var image = after.QuerySelector(".person-header img")!;
        Assert.Equal("Zed Person", image.GetAttribute("alt"));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client(Role.Site).GetAsync(image.GetAttribute("src"))).StatusCode);
    }

    [Fact]
    public async Task ContentPage_AuthorLink_GoesToThePersonPage_OrToTheNamedCreatorFilterWithoutAUsername()
    {
        var (_, handle, org, item) = await CreatorAsync();
        var plainCreator = await _people.Data.UserAsync("No Handle Person");
        var plain = await _people.Data.ContentAsync(org, plainCreator, "By someone without a page");
        var site = fixture.Client(Role.Site);

        var linked = await (await site.GetAsync(SiteRoutes.ContentPath(org.Slug, item.Slug))).ParseAsync();
        var unlinked = await (await site.GetAsync(SiteRoutes.ContentPath(org.Slug, plain.Slug))).ParseAsync();

        Assert.Equal($"/u/{handle}", linked.QuerySelector(".content-by a[rel=author]")!.GetAttribute("href"));
        Assert.Contains("No Handle Person", unlinked.QuerySelector(".content-by")!.TextContent);
        Assert.Null(unlinked.QuerySelector(".content-by a[rel=author]"));
        // Issue 15, item 3: without a page, the name links to the discover page's creator filter, which names them.
        Assert.Equal($"/discover?creator={plainCreator.Id}", unlinked.QuerySelector(".content-by a[href*='creator=']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ChangingTheProfile_DropsTheCachedPersonPage_AtOnce()
    {
        var (_, handle, _, _) = await CreatorAsync("Cached Name");
        var site = fixture.Client(Role.Site);
        Assert.Contains("Cached Name", await site.GetStringAsync($"/u/{handle}"));
        // The creator's own browser changes the bio through the site; anonymous visitors see it on their next visit.
        var creatorBrowser = new SiteBrowser(fixture.System.SiteUrl);
        await using (var db = fixture.Db())
        {
            var creator = await db.Users.SingleAsync(u => u.Username == handle);
            creatorBrowser.SetCookie("codex-session", (await _people.Data.SessionCookieAsync(creator)).Split('=', 2)[1]);
        }
        var page = await creatorBrowser.PageAsync("/account/profile");

        var saved = await creatorBrowser.SubmitAsync(page, $"#{DomIds.ProfileDetailsForm}",
            new() { ["Name"] = "Renamed Creator", ["Username"] = handle, ["Bio"] = "New bio.", ["WebsiteUrl"] = "" });

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var fresh = await site.GetStringAsync($"/u/{handle}");
        Assert.Contains("Renamed Creator", fresh);
        Assert.Contains("New bio.", fresh);
    }

    [Fact]
    public async Task Get_PersonPage_WhenTheContentApiIsDown_ShowsThePerson_AndANoticeForTheirWork()
    {
        var (_, handle, _, _) = await CreatorAsync("Outage Creator");
        await using var system = await Codex.Host.CodexSystem.StartAsync(new Codex.Host.SystemOptions
        {
            Roles = [Role.Site],
            DynamicPorts = true,
            EnvironmentName = "Testing",
            Settings = new Dictionary<string, string?>
            {
                [WorkerInfo.Of(Role.IdentityApi).UrlVariable] = fixture.System.Urls[Role.IdentityApi].ToString(),
                [WorkerInfo.Of(Role.ContentApi).UrlVariable] = ClosedPort.Url().ToString(),
            },
        });

        var response = await new SiteBrowser(system.SiteUrl).GetAsync($"/u/{handle}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Outage Creator", page.QuerySelector("h1")!.TextContent);
        Assert.Equal($"#{DomIds.PersonWork}", page.QuerySelector($"#{DomIds.PersonWork} .notice-unavailable a")!.GetAttribute("hx-target"));
    }
}
