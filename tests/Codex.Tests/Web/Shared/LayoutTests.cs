using System.Text.Json;
using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Shared;

/// <summary>What every page's layout carries for htmx.</summary>
[Collection(SiteCollection.Name)]
public sealed class LayoutTests(SiteFixture fixture)
{
    [Fact]
    public async Task EveryPage_CarriesTheHtmxConfig_WithoutEval_SameOriginOnly_SwappingFormErrors()
    {
        using var site = fixture.Client(Role.Site);
        var first = await (await site.GetAsync("/discover")).ParseAsync();
        var second = await (await site.GetAsync("/login")).ParseAsync();

        var content = first.QuerySelector("meta[name=htmx-config]")!.GetAttribute("content")!;
        using var config = JsonDocument.Parse(content);
        var root = config.RootElement;
        Assert.False(root.GetProperty("allowEval").GetBoolean());
        Assert.True(root.GetProperty("selfRequestsOnly").GetBoolean());
        Assert.Equal(10, root.GetProperty("historyCacheSize").GetInt32());
        Assert.False(root.TryGetProperty("antiForgery", out _)); // the token rides in forms, never in a cacheable page's head
        var handling = root.GetProperty("responseHandling").EnumerateArray().ToList();
        Assert.Contains(handling, h => h.GetProperty("code").GetString() == "(400|422|429|503)" && h.GetProperty("swap").GetBoolean());
        Assert.Equal(content, second.QuerySelector("meta[name=htmx-config]")!.GetAttribute("content"));
    }
}

/// <summary>The page links under a list (one partial for every list).</summary>
[Collection(SiteCollection.Name)]
public sealed class PaginationTests(SiteFixture fixture)
{
    [Fact]
    public async Task OnlyDiscover_MarksItsPageLinksAsTheFallbackOfInfiniteScroll()
    {
        using var site = fixture.Client(Role.Site);

        var discover = await (await site.GetAsync("/discover")).ParseAsync();
        var space = await (await site.GetAsync("/o/northwind-studio")).ParseAsync();

        // Marked links are hidden when JavaScript runs; unmarked ones are the only way to page 2 there.
        Assert.True(discover.QuerySelector("nav.pagination")!.HasAttribute("data-infinite"));
        var pager = space.QuerySelector("nav.pagination")!;
        Assert.False(pager.HasAttribute("data-infinite"));
        Assert.Equal("/o/northwind-studio?page=2", pager.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("#space-items", pager.QuerySelector("a[rel=next]")!.GetAttribute("hx-target"));
    }
}
