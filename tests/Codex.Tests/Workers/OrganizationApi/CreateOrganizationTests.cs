using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class CreateOrganizationTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    private Task<HttpResponseMessage> CreateAsync(CreateOrganizationRequest body, string? cookie) =>
        _api.SendAsync(HttpMethod.Post, "/api/organizations", cookie, body);

    private static CreateOrganizationRequest Request(string? slug = null, string? name = "New Org") =>
        new(slug ?? OrganizationsApi.NewSlug(), name, null, null, null);

    [Fact]
    public async Task Post_Organizations_Returns201_WithTheOrganization()
    {
        var (_, cookie) = await _api.SignedInAsync();
        var slug = OrganizationsApi.NewSlug();

        var response = await CreateAsync(new CreateOrganizationRequest(slug, "  Pottery Club  ", "Clay and wheels",
            "https://cdn.example.test/p.png", "https://pottery.example.test"), cookie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        Assert.NotEqual(Guid.Empty, dto.Id);
        Assert.Equal(slug, dto.Slug);
        Assert.Equal("Pottery Club", dto.Name);
        Assert.Equal("Clay and wheels", dto.Description);
        Assert.Equal("https://cdn.example.test/p.png", dto.LogoUrl);
        Assert.Equal("https://pottery.example.test", dto.WebsiteUrl);
        var fetched = (await (await _api.GetAsync($"/api/organizations/slug/{slug}")).ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
        // The single reads carry the member count (issue 15, item 13): the creator, its first owner.
        Assert.Equal(dto, fetched with { MemberCount = null });
        Assert.Equal(1, fetched.MemberCount);
    }

    [Fact]
    public async Task Post_Organizations_MakesTheCallerAnActiveOwner_AndADefaultSettingsRow()
    {
        var (user, cookie) = await _api.SignedInAsync();

        var dto = (await (await CreateAsync(Request(), cookie)).ReadAsync<DataEnvelope<OrganizationDto>>()).Data;

        await using var db = fixture.Db();
        var membership = await db.Memberships.SingleAsync(m => m.OrganizationId == dto.Id);
        Assert.Equal(user.Id, membership.UserId);
        Assert.Equal(MemberRole.Owner, membership.Role);
        Assert.Equal(MembershipStatus.Active, membership.Status);
        var settings = await db.OrganizationSettings.SingleAsync(s => s.OrganizationId == dto.Id);
        Assert.True(settings.EnableSignups);
        Assert.True(settings.EnablePurchases);
        Assert.Null(settings.PrimaryColorHex);
        var mine = (await (await _api.GetAsync("/api/organizations/mine", cookie)).ReadAsync<DataEnvelope<List<MembershipDto>>>()).Data;
        Assert.Equal(MemberRole.Owner, Assert.Single(mine).Role);
    }

    [Theory]
    [InlineData(UserRole.Customer, UserRole.Creator)]
    [InlineData(UserRole.Creator, UserRole.Creator)]
    [InlineData(UserRole.Admin, UserRole.Admin)]
    public async Task Post_Organizations_PromotesACustomerToCreator_AndLeavesOtherRoles(UserRole before, UserRole after)
    {
        var (user, cookie) = await _api.SignedInAsync(before);

        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(Request(), cookie)).StatusCode);

        await using var db = fixture.Db();
        Assert.Equal(after, (await db.Users.SingleAsync(u => u.Id == user.Id)).Role);
    }

    [Fact]
    public async Task Post_Organizations_Anonymous_Returns401()
    {
        var response = await CreateAsync(Request(), cookie: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Organizations_WithAnExpiredSession_Returns401()
    {
        var user = await _api.Data.UserAsync();
        var cookie = await _api.Data.SessionCookieAsync(user, TimeSpan.FromSeconds(-1));

        var response = await CreateAsync(Request(), cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi")] // 64
    [InlineData("My-Org")]
    [InlineData("my_org")]
    [InlineData("my org")]
    [InlineData("café-club")]
    [InlineData("admin")]
    [InlineData("api")]
    [InlineData("studio")]
    [InlineData("login")]
    [InlineData("verify-email")]
    public async Task Post_Organizations_WithAnInvalidSlug_Returns400WithSlugFieldError(string slug)
    {
        var (_, cookie) = await _api.SignedInAsync();

        var response = await CreateAsync(Request(slug), cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["slug"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Organizations_WithA63CharacterSlug_Returns201()
    {
        var (_, cookie) = await _api.SignedInAsync();
        var slug = (OrganizationsApi.Unique() + new string('x', 63))[..63];

        var response = await CreateAsync(Request(slug), cookie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "   ")]
    [InlineData("name", null)]
    [InlineData("name", "201")]
    [InlineData("description", "5001")]
    [InlineData("logoUrl", "ftp://files.example.test/logo.png")]
    [InlineData("logoUrl", "javascript:alert(1)")]
    [InlineData("websiteUrl", "not a url")]
    [InlineData("websiteUrl", "")]
    public async Task Post_Organizations_WithAnInvalidField_Returns400WithThatFieldError(string field, string? value)
    {
        var (_, cookie) = await _api.SignedInAsync();
        if (value is "201" or "5001") value = new string('a', int.Parse(value));
        var request = Request() with
        {
            Name = field == "name" ? value : "Valid",
            Description = field == "description" ? value : null,
            LogoUrl = field == "logoUrl" ? value : null,
            WebsiteUrl = field == "websiteUrl" ? value : null,
        };

        var response = await CreateAsync(request, cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Organizations_WithATakenSlug_Returns409SlugTaken()
    {
        var existing = await _api.OrganizationAsync();
        var (_, cookie) = await _api.SignedInAsync();

        var response = await CreateAsync(Request(existing.Slug), cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.SlugTaken, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Organizations_WithASlugTakenInAnotherCase_Returns409SlugTaken()
    {
        // Rows from before the slug rules (or imported) may hold capitals; the address is still the same.
        var slug = OrganizationsApi.NewSlug();
        await _api.OrganizationAsync(slug: slug.ToUpperInvariant());
        var (_, cookie) = await _api.SignedInAsync();

        var response = await CreateAsync(Request(slug), cookie);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.SlugTaken, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Post_Organizations_ConcurrentlyWithTheSameSlug_CreatesOne_AndAnswers409ToTheRest()
    {
        var slug = OrganizationsApi.NewSlug();
        var cookies = new List<string>();
        for (var i = 0; i < 6; i++) cookies.Add((await _api.SignedInAsync()).Cookie);

        var responses = await Task.WhenAll(cookies.Select(c => CreateAsync(Request(slug), c)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(ErrorCodes.SlugTaken, (await response.ErrorAsync()).Code);
        }
        await using var db = fixture.Db();
        var org = await db.Organizations.SingleAsync(o => o.Slug == slug);
        Assert.Equal(1, await db.Memberships.CountAsync(m => m.OrganizationId == org.Id));
    }

    [Fact]
    public async Task Post_Organizations_BodyNotJson_Returns400InvalidJson()
    {
        var (_, cookie) = await _api.SignedInAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/organizations")
        {
            Content = new StringContent("{slug:", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }
}
