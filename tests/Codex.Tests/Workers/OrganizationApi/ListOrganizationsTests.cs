using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class ListOrganizationsTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    private async Task<PagedList<OrganizationDto>> ListAsync(string query)
    {
        var response = await _api.GetAsync("/api/organizations?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<OrganizationDto>>();
    }

    [Fact]
    public async Task Get_Organizations_SearchMatchesNameOrSlug_IgnoringCase_OrderedByName()
    {
        var token = OrganizationsApi.Unique();
        var cherry = await _api.OrganizationAsync($"cherry {token.ToUpperInvariant()}");
        var apple = await _api.OrganizationAsync($"Apple {token}");
        var bySlug = await _api.OrganizationAsync("Banana", slug: $"banana-{token}");
        await _api.OrganizationAsync("Unrelated " + OrganizationsApi.Unique());

        var list = await ListAsync($"search={token.ToUpperInvariant()}");

        Assert.Equal([apple.Id, bySlug.Id, cherry.Id], list.Items.Select(o => o.Id));
        Assert.Equal(new Pagination(1, 20, 3, 1), list.Pagination);
    }

    [Fact]
    public async Task Get_Organizations_SearchTreatsLikeWildcardsAsText()
    {
        var token = OrganizationsApi.Unique();
        var percent = await _api.OrganizationAsync($"100% {token}");
        await _api.OrganizationAsync($"1000 {token}");

        var list = await ListAsync($"search={Uri.EscapeDataString("0% " + token)}");

        Assert.Equal([percent.Id], list.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task Get_Organizations_PagesWithoutOverlap_AndReportsTotals()
    {
        var token = OrganizationsApi.Unique();
        var names = new[] { "Alder", "Birch", "Cedar", "Daphne", "Elm" };
        foreach (var name in names.Reverse()) await _api.OrganizationAsync($"{name} {token}");

        var first = await ListAsync($"search={token}&limit=2&page=1");
        var second = await ListAsync($"search={token}&limit=2&page=2");
        var third = await ListAsync($"search={token}&limit=2&page=3");
        var beyond = await ListAsync($"search={token}&limit=2&page=4");

        Assert.Equal(new Pagination(1, 2, 5, 3), first.Pagination);
        Assert.Equal(new Pagination(2, 2, 5, 3), second.Pagination);
        var all = first.Items.Concat(second.Items).Concat(third.Items).Select(o => o.Name.Split(' ')[0]);
        Assert.Equal(names, all);
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Pagination.Total);
    }

    [Fact]
    public async Task Get_Organizations_SearchWithNoMatch_ReturnsEmptyPage()
    {
        var list = await ListAsync("search=" + OrganizationsApi.Unique());

        Assert.Empty(list.Items);
        Assert.Equal(new Pagination(1, 20, 0, 0), list.Pagination);
    }

    [Fact]
    public async Task Get_Organizations_WithoutQuery_UsesPage1AndLimit20()
    {
        for (var i = 0; i < 3; i++) await _api.OrganizationAsync();

        var list = await ListAsync("");

        Assert.Equal(1, list.Pagination.Page);
        Assert.Equal(20, list.Pagination.Limit);
        Assert.InRange(list.Items.Count, 3, 20);
        Assert.True(list.Pagination.Total >= 3);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=1001", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=two", "page")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("search=a", "search")]
    public async Task Get_Organizations_WithQueryOutOfRange_Returns400WithThatFieldError(string query, string field)
    {
        var response = await _api.GetAsync("/api/organizations?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Organizations_WithSearchLongerThan255_Returns400()
    {
        var response = await _api.GetAsync("/api/organizations?search=" + new string('a', 256));

        Assert.Equal(["search"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Organizations_WithBoundaryValues_Returns200()
    {
        var list = await ListAsync($"page=1000&limit=100&search={new string('z', 255)}");

        Assert.Equal(new Pagination(1000, 100, 0, 0), list.Pagination);
    }
}
