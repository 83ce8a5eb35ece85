using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Codex.Contracts;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Web.ContentPage;

/// <summary>Content pages as a crawler sees them: complete HTML, meta tags, canonical, OpenGraph, JSON-LD.</summary>
[Collection(SiteCollection.Name)]
public sealed class ContentPageTests(SiteFixture fixture)
{
    private readonly HttpClient _site = fixture.Client(Role.Site);
    private readonly TestData _data = new(fixture);
    private string PublicUrl => fixture.System.SiteUrl.ToString().TrimEnd('/');

    private async Task<Data.ContentItem> DemoAsync(string orgSlug, ContentType type, AccessType access)
    {
        await using var db = fixture.Db();
        return await db.Content.Include(c => c.Organization)
            .Where(c => c.Organization!.Slug == orgSlug && c.ContentType == type && c.AccessType == access && c.Status == ContentStatus.Published)
            .OrderBy(c => c.Slug).FirstAsync();
    }

    private async Task<IDocument> PageAsync(string orgSlug, string slug)
    {
        var response = await _site.GetAsync($"/o/{orgSlug}/content/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    private static JsonElement JsonLd(IDocument page)
    {
        var scripts = page.QuerySelectorAll("script[type='application/ld+json']");
        return JsonDocument.Parse(Assert.Single(scripts).TextContent).RootElement;
    }

    private static string? Meta(IDocument page, string key) =>
        (page.QuerySelector($"meta[property='{key}']") ?? page.QuerySelector($"meta[name='{key}']"))?.GetAttribute("content");

    [Fact]
    public async Task Get_PaidVideo_HasTitleMetaCanonicalOpenGraphTwitterAndVideoObject()
    {
        var item = await DemoAsync("northwind-studio", ContentType.Video, AccessType.Paid);

        var page = await PageAsync("northwind-studio", item.Slug);

        var canonical = $"{PublicUrl}/o/northwind-studio/content/{item.Slug}";
        Assert.Equal($"{item.Title} | Northwind Studio", page.Title);
        Assert.False(string.IsNullOrWhiteSpace(Meta(page, "description")));
        Assert.Equal(canonical, page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal(canonical, Meta(page, "og:url"));
        Assert.Equal("video.other", Meta(page, "og:type"));
        Assert.Equal(PublicUrl + item.ThumbnailUrl, Meta(page, "og:image"));
        Assert.Equal("summary_large_image", Meta(page, "twitter:card"));
        Assert.Equal(PublicUrl + item.ThumbnailUrl, Meta(page, "twitter:image"));
        var ld = JsonLd(page);
        Assert.Equal("https://schema.org", ld.GetProperty("@context").GetString());
        Assert.Equal("VideoObject", ld.GetProperty("@type").GetString());
        Assert.Equal(item.Title, ld.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(ld.GetProperty("description").GetString()));
        Assert.Equal(PublicUrl + item.ThumbnailUrl, ld.GetProperty("thumbnailUrl").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ld.GetProperty("uploadDate").GetString());
        Assert.Equal("PT8S", ld.GetProperty("duration").GetString());
        Assert.False(ld.GetProperty("isAccessibleForFree").GetBoolean());
        Assert.Equal(item.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal(item.Title, page.QuerySelector("img.content-hero")!.GetAttribute("alt"));
        Assert.Contains("$", page.QuerySelector(".content-meta .badge-access")!.TextContent);
        Assert.Null(page.QuerySelector(".prose"));
    }

    [Fact]
    public async Task Get_FreeAudio_IsAnAudioObject_FreeToAccess()
    {
        var item = await DemoAsync("lumen-audio", ContentType.Audio, AccessType.Free);

        var ld = JsonLd(await PageAsync("lumen-audio", item.Slug));

        Assert.Equal("AudioObject", ld.GetProperty("@type").GetString());
        Assert.True(ld.GetProperty("isAccessibleForFree").GetBoolean());
        Assert.Equal("PT12S", ld.GetProperty("duration").GetString());
    }

    [Fact]
    public async Task Get_FreeArticle_RendersTheMarkdownBody_AndIsAnArticle()
    {
        var item = await DemoAsync("fieldnotes-press", ContentType.Written, AccessType.Free);

        var page = await PageAsync("fieldnotes-press", item.Slug);

        var ld = JsonLd(page);
        Assert.Equal("Article", ld.GetProperty("@type").GetString());
        Assert.Equal(item.Title, ld.GetProperty("headline").GetString());
        Assert.True(ld.GetProperty("isAccessibleForFree").GetBoolean());
        Assert.Equal("article", Meta(page, "og:type"));
        var prose = page.QuerySelector(".prose")!;
        Assert.NotNull(prose.QuerySelector("h2"));
        Assert.NotNull(prose.QuerySelector("ul li strong, blockquote"));
    }

    [Fact]
    public async Task Get_MembersArticle_Anonymous_ShowsNoBody_AndSaysWhoItIsFor()
    {
        var item = await DemoAsync("fieldnotes-press", ContentType.Written, AccessType.Members);

        var page = await PageAsync("fieldnotes-press", item.Slug);

        Assert.Null(page.QuerySelector(".prose"));
        Assert.Contains("members of Fieldnotes Press", page.QuerySelector(".access-notice")!.TextContent);
        Assert.False(JsonLd(page).GetProperty("isAccessibleForFree").GetBoolean());
    }

    [Fact]
    public async Task Get_ContentWhoseTitleContainsScriptEnd_StaysInsideTheJsonLdElement()
    {
        var org = await _data.OrganizationAsync();
        var title = "Breaking </script><script>alert('x')</script> & \"quotes\"";
        var item = await _data.ContentAsync(org, await _data.UserAsync(), title, ContentType.Video, description: "</script><!-- -->");

        var response = await _site.GetAsync($"/o/{org.Slug}/content/{item.Slug}");
        var raw = await response.Content.ReadAsStringAsync();
        var page = await response.ParseAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(title, JsonLd(page).GetProperty("name").GetString());
        Assert.DoesNotContain("<script>alert", raw);
        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.TextContent.Contains("alert") && s.GetAttribute("type") != "application/ld+json");
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Get_ArticleBody_IsSanitised()
    {
        var org = await _data.OrganizationAsync();
        var body = "# Safe\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<div style=\"color:red\">styled</div>\n\n[ok](https://example.com)";
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Sanitised", ContentType.Written, body: body);

        var page = await PageAsync(org.Slug, item.Slug);

        var prose = page.QuerySelector(".prose")!;
        Assert.Equal("Safe", prose.QuerySelector("h1")!.TextContent);
        Assert.Empty(prose.QuerySelectorAll("script, img[onerror], [style]"));
        Assert.DoesNotContain(prose.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("nofollow", prose.QuerySelector("a[href='https://example.com']")!.GetAttribute("rel"));
    }

    [Fact]
    public async Task Get_Draft_IsNotFound_ForAnonymousVisitors()
    {
        await using var db = fixture.Db();
        var draft = await db.Content.Include(c => c.Organization).FirstAsync(c => c.Status == ContentStatus.Draft && c.Organization!.Slug == "northwind-studio");

        var response = await _site.GetAsync($"/o/northwind-studio/content/{draft.Slug}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_ContentPage_Anonymous_IsPubliclyCacheable_SignedIn_IsNot()
    {
        var item = await DemoAsync("northwind-studio", ContentType.Video, AccessType.Free);
        var user = await _data.UserAsync();
        var signedIn = new HttpRequestMessage(HttpMethod.Get, $"/o/northwind-studio/content/{item.Slug}");
        signedIn.Headers.Add("Cookie", await _data.SessionCookieAsync(user));

        var anonymous = await _site.GetAsync($"/o/northwind-studio/content/{item.Slug}");
        var mine = await _site.SendAsync(signedIn);

        Assert.True(anonymous.Headers.CacheControl!.Public);
        Assert.Contains("Cookie", anonymous.Headers.Vary);
        Assert.False(mine.Headers.CacheControl!.Public);
    }
}
