using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.Organizations;

[Collection(SiteCollection.Name)]
public sealed class OrganizationPagesTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private string PublicUrl => fixture.System.SiteUrl.ToString().TrimEnd('/');

    [Fact]
    public async Task Get_OrganizationSpace_InItsBranding_WithCanonicalAndStructuredData()
    {
        var response = await _site.GetAsync("/o/northwind-studio");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl!.Public);
        var page = await response.ParseAsync();
        Assert.Equal("Northwind Studio | Codex", page.Title);
        Assert.Equal("Northwind Studio", page.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("/o/northwind-studio/theme.css?v=", page.QuerySelector("link[rel=stylesheet][href*='theme.css']")!.GetAttribute("href"));
        Assert.Equal(PublicUrl + "/o/northwind-studio", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal(12, page.QuerySelectorAll($"#{DomIds.SpaceItems} li.card").Length);
        Assert.All(page.QuerySelectorAll($"#{DomIds.SpaceItems} .card-org a"), a => Assert.Equal("/o/northwind-studio", a.GetAttribute("href")));
        var ld = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal("Organization", ld.GetProperty("@type").GetString());
    }

    [Fact]
    public async Task Get_OrganizationSpace_AsHtmx_ReturnsTheItemsRegion_AndPagesWork()
    {
        var fragment = await _site.SendAsync(Html.Htmx("/o/northwind-studio?page=2"));

        var (raw, doc) = await fragment.ParseFragmentAsync();
        Assert.StartsWith($"<section id=\"{DomIds.SpaceItems}\"", raw.TrimStart());
        Assert.Equal("2", doc.QuerySelector("nav.pagination [aria-current=page]")!.TextContent);
        Assert.DoesNotContain("site-header", raw);
    }

    [Theory]
    [InlineData("/o/no-such-organization")]
    [InlineData("/o/northwind-studio/content/no-such-item")]
    [InlineData("/o/no-such-organization/content/a-beginner-s-guide-to-light")]
    [InlineData("/o/no-such-organization/theme.css")]
    public async Task Get_UnknownOrganizationOrContent_Returns404Page(string url)
    {
        var response = await _site.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        if (!url.EndsWith(".css"))
        {
            var page = await response.ParseAsync();
            Assert.NotNull(page.QuerySelector("main a[href='/']"));
            Assert.NotNull(page.QuerySelector("main a[href='/discover']"));
        }
    }

    [Theory]
    [InlineData(403, "Not allowed")]
    [InlineData(500, "Something went wrong")]
    public async Task Get_ErrorPages_HaveTheirStatus_AndLinkSomewhere(int status, string heading)
    {
        var response = await _site.GetAsync($"/errors/{status}");

        Assert.Equal(status, (int)response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("main a[href='/']"));
    }

    [Fact]
    public async Task Get_Theme_IsTheOrganizationsColoursAsCustomProperties()
    {
        var response = await _site.GetAsync("/o/northwind-studio/theme.css");

        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains("--color-primary: #1d3557;", css);
        Assert.Contains("--color-bg: #f1faee;", css);
        Assert.Contains("--font-heading: Georgia, serif;", css);
    }

    [Fact]
    public async Task Post_TheOldCacheInvalidationUrl_IsNoLongerThere()
    {
        // Issue 17: workers tell every site instance on the bus (ADR 040); no site URL clears a cache any more.
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/cache/invalidate") { Content = JsonContent.Create(new { tags = new[] { "content" } }) };
        request.Headers.Add(Codex.Contracts.Notifications.InternalAuth.Header, fixture.System.InternalKey);

        Assert.Equal(HttpStatusCode.NotFound, (await _site.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Put_Settings_InvalidatesTheSitesCache_AtOnce()
    {
        await using var db = fixture.Db();
        var org = await db.Organizations.SingleAsync(o => o.Slug == "lumen-audio");
        var ownerId = await db.Memberships.Where(m => m.OrganizationId == org.Id && m.Role == MemberRole.Owner).Select(m => m.UserId).FirstAsync();
        var owner = await db.Users.SingleAsync(u => u.Id == ownerId);
        var before = await (await _site.GetAsync("/o/lumen-audio/theme.css")).Content.ReadAsStringAsync();
        Assert.Contains("--color-primary: #7c2d12;", before);

        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/organizations/{org.Id}/settings")
        {
            Content = JsonContent.Create(new UpdateSettingsRequest(
                new BrandingDto(null, "#0b3d91", "#ea580c", "#facc15", "#fff7ed", "'Trebuchet MS', sans-serif", "'Trebuchet MS', sans-serif"),
                new FeaturesDto(true, true), new ContactDto("Lumen Audio", "support@lumen-audio.example.com")), options: ContractJson.Options),
        };
        request.Headers.Add("Cookie", await new TestData(fixture).SessionCookieAsync(owner));
        var put = await fixture.Client(Role.OrganizationApi).SendAsync(request);
        var after = await (await _site.GetAsync("/o/lumen-audio/theme.css")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("--color-primary: #0b3d91;", after);
    }
}

/// <summary>Brand colours never make a space unreadable.</summary>
public sealed class BrandThemeTests
{
    [Fact]
    public void Contrast_MatchesWcagFigures()
    {
        Assert.Equal(21, BrandTheme.Contrast("#000000", "#ffffff"), 1);
        Assert.Equal(1, BrandTheme.Contrast("#777777", "#777777"), 3);
        Assert.InRange(BrandTheme.Contrast("#1d4ed8", "#ffffff"), 6.6, 6.8);
    }

    [Fact]
    public void APrimaryThatFailsAaOnTheBackground_FallsBackToReadableColours()
    {
        var palette = BrandTheme.Resolve(new BrandingDto(null, "#ffff66", null, null, "#ffffff", null, null));

        Assert.Equal(BrandTheme.DefaultPrimary, palette.Primary);
        Assert.True(BrandTheme.Contrast(palette.Primary, palette.Background) >= 4.5);
        Assert.True(BrandTheme.Contrast(palette.OnPrimary, palette.Primary) >= 4.5);
    }

    [Fact]
    public void ADarkBackground_GetsLightText()
    {
        var palette = BrandTheme.Resolve(new BrandingDto(null, "#93c5fd", null, null, "#0f172a", null, null));

        Assert.Equal("#ffffff", palette.Text);
        Assert.Equal("#93c5fd", palette.Primary);
        Assert.True(BrandTheme.Contrast(palette.Primary, palette.Background) >= 4.5);
    }

    [Fact]
    public void AMidGreyBackground_ThatNoTextReadsOn_IsDropped()
    {
        var palette = BrandTheme.Resolve(new BrandingDto(null, null, null, null, "#777777", null, null));

        Assert.Equal(BrandTheme.DefaultBackground, palette.Background);
        Assert.Equal(BrandTheme.DefaultText, palette.Text);
    }

    [Theory]
    [InlineData("Georgia; } body { display:none")]
    [InlineData("url(https://evil.example/x)")]
    public void FontsThatCouldBreakOutOfTheStylesheet_AreIgnored(string font)
    {
        var css = BrandTheme.Css(BrandTheme.Resolve(new BrandingDto(null, null, null, null, null, font, font)));

        Assert.DoesNotContain("--font", css);
        Assert.Single(css, c => c == '}');
    }
}
