using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi;

[Collection(OrganizationsCollection.Name)]
public sealed class SettingsTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    private static readonly UpdateSettingsRequest Valid = new(
        new BrandingDto("https://cdn.example.test/brand.png", "#1d3557", "#457B9D", "#e63946", "#f1faee", "Inter, 'Helvetica Neue', sans-serif",
            "\"Playfair Display\", serif"),
        new FeaturesDto(EnableSignups: false, EnablePurchases: true),
        new ContactDto("Bakers Platform", "help@bakers.example.test"));

    private Task<HttpResponseMessage> PutAsync(Guid id, object body, string? cookie) =>
        _api.SendAsync(HttpMethod.Put, $"/api/organizations/{id}/settings", cookie, body);

    private async Task<OrganizationSettingsDto> GetAsync(Guid id)
    {
        var response = await _api.GetAsync($"/api/organizations/{id}/settings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<OrganizationSettingsDto>>()).Data;
    }

    [Fact]
    public async Task Get_Settings_WithoutASettingsRow_ReturnsDefaults_WithTheOrganizationsLogo()
    {
        var org = await _api.OrganizationAsync(logoUrl: "https://cdn.example.test/org.png");

        var settings = await GetAsync(org.Id);

        Assert.Equal(new BrandingDto("https://cdn.example.test/org.png", null, null, null, null, null, null), settings.Branding);
        Assert.Equal(new FeaturesDto(true, true), settings.Features);
        Assert.Equal(new ContactDto(null, null), settings.Contact);
    }

    [Fact]
    public async Task Get_Settings_WritesTheContractShape()
    {
        var org = await _api.OrganizationAsync();

        var text = await (await _api.GetAsync($"/api/organizations/{org.Id}/settings")).Content.ReadAsStringAsync();

        Assert.Contains("\"branding\":{\"logoUrl\":null,\"primaryColorHex\":null", text);
        Assert.Contains("\"features\":{\"enableSignups\":true,\"enablePurchases\":true}", text);
        Assert.Contains("\"contact\":{\"platformName\":null,\"supportEmail\":null}", text);
    }

    [Fact]
    public async Task Get_Settings_Unknown_Returns404()
    {
        var response = await _api.GetAsync($"/api/organizations/{Guid.NewGuid()}/settings");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Settings_NotAUuid_Returns400WithIdFieldError()
    {
        var response = await _api.GetAsync("/api/organizations/xyz/settings");

        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.OK, null)]
    [InlineData(Caller.Owner, HttpStatusCode.OK, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Put_Settings_ByCaller_AnswersByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, caller);

        var response = await PutAsync(org.Id, Valid, cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        var stored = await GetAsync(org.Id);
        Assert.Equal(status == HttpStatusCode.OK ? "#1d3557" : null, stored.Branding.PrimaryColorHex);
    }

    [Fact]
    public async Task Put_Settings_AsMember_Returns403()
    {
        var org = await _api.OrganizationAsync();
        var member = await _api.CookieAsync(org, Caller.Member);

        var response = await PutAsync(org.Id, Valid, member);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Put_Settings_AsOwner_Returns200WithTheSettings_AndGetReturnsThemToo()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PutAsync(org.Id, Valid, owner);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = new OrganizationSettingsDto(Valid.Branding!, Valid.Features!, Valid.Contact!);
        Assert.Equal(expected, (await response.ReadAsync<DataEnvelope<OrganizationSettingsDto>>()).Data);
        Assert.Equal(expected, await GetAsync(org.Id));
    }

    [Fact]
    public async Task Put_Settings_UpsertsOneRow_AndSetsUpdatedAtFromTheClock()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var before = fixture.Clock.GetUtcNow();

        await PutAsync(org.Id, Valid, owner);
        var second = await PutAsync(org.Id, Valid with { Features = new FeaturesDto(true, false) }, owner);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await using var db = fixture.Db();
        var row = await db.OrganizationSettings.SingleAsync(s => s.OrganizationId == org.Id);
        Assert.True(row.EnableSignups);
        Assert.False(row.EnablePurchases);
        Assert.InRange(row.UpdatedAt, before.AddSeconds(-1), fixture.Clock.GetUtcNow().AddSeconds(1));
    }

    [Fact]
    public async Task Put_Settings_ReplacesEverything_SoNullsClearEarlierValues()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        await PutAsync(org.Id, Valid, owner);

        var cleared = new UpdateSettingsRequest(new BrandingDto(null, null, null, null, null, null, null), new FeaturesDto(true, true),
            new ContactDto(null, null));
        await PutAsync(org.Id, cleared, owner);

        var settings = await GetAsync(org.Id);
        Assert.Equal(new OrganizationSettingsDto(cleared.Branding!, cleared.Features!, cleared.Contact!), settings);
    }

    [Fact]
    public async Task Put_Settings_WithoutABrandingLogo_FallsBackToTheOrganizationsLogo()
    {
        var org = await _api.OrganizationAsync(logoUrl: "https://cdn.example.test/org.png");
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PutAsync(org.Id, Valid with { Branding = Valid.Branding! with { LogoUrl = null } }, owner);

        var settings = (await response.ReadAsync<DataEnvelope<OrganizationSettingsDto>>()).Data;
        Assert.Equal("https://cdn.example.test/org.png", settings.Branding.LogoUrl);
        Assert.Equal("https://cdn.example.test/org.png", (await GetAsync(org.Id)).Branding.LogoUrl);
    }

    public static TheoryData<string, BrandingDto?, ContactDto?> InvalidValues => new()
    {
        { "branding.primaryColorHex", Valid.Branding! with { PrimaryColorHex = "red" }, null },
        { "branding.secondaryColorHex", Valid.Branding! with { SecondaryColorHex = "#12345" }, null },
        { "branding.accentColorHex", Valid.Branding! with { AccentColorHex = "#1234567" }, null },
        { "branding.backgroundColorHex", Valid.Branding! with { BackgroundColorHex = "#gggggg" }, null },
        { "branding.fontBody", Valid.Branding! with { FontBody = "Arial; color: red" }, null },
        { "branding.fontHeading", Valid.Branding! with { FontHeading = "Arial} body{display:none" }, null },
        { "branding.fontBody", Valid.Branding! with { FontBody = new string('a', 101) }, null },
        { "branding.logoUrl", Valid.Branding! with { LogoUrl = "javascript:alert(1)" }, null },
        { "contact.supportEmail", null, Valid.Contact! with { SupportEmail = "not-an-email" } },
        { "contact.platformName", null, Valid.Contact! with { PlatformName = new string('p', 201) } },
        // Attempts to break out of the stylesheet the colours and fonts are written into.
        { "branding.primaryColorHex", Valid.Branding! with { PrimaryColorHex = "#fff" }, null },
        { "branding.primaryColorHex", Valid.Branding! with { PrimaryColorHex = "#1d3557;background:url(//evil.test/x)" }, null },
        { "branding.backgroundColorHex", Valid.Branding! with { BackgroundColorHex = "#1d3557\n}body{display:none" }, null },
        { "branding.accentColorHex", Valid.Branding! with { AccentColorHex = "expression(alert(1))" }, null },
        { "branding.fontBody", Valid.Branding! with { FontBody = "\"Inter, sans-serif" }, null },
        { "branding.fontBody", Valid.Branding! with { FontBody = "'Inter\", serif" }, null },
        { "branding.fontBody", Valid.Branding! with { FontBody = "Inter\n}body{display:none}" }, null },
        { "branding.fontBody", Valid.Branding! with { FontBody = "Inter</style><script>alert(1)</script>" }, null },
        { "branding.fontHeading", Valid.Branding! with { FontHeading = "url(https://evil.test/x)" }, null },
        { "branding.fontHeading", Valid.Branding! with { FontHeading = "var(--color-bg)" }, null },
        { "branding.fontHeading", Valid.Branding! with { FontHeading = "Inter /* comment */" }, null },
        { "branding.fontHeading", Valid.Branding! with { FontHeading = "Inter\\,serif" }, null },
        { "branding.fontHeading", Valid.Branding! with { FontHeading = "Inter,,serif" }, null },
        { "branding.logoUrl", Valid.Branding! with { LogoUrl = "/logos/../../etc/passwd" }, null },
        { "branding.logoUrl", Valid.Branding! with { LogoUrl = "//evil.test/logo.png" }, null },
        { "branding.logoUrl", Valid.Branding! with { LogoUrl = "/logos/6f1c2b9e-1111-4a4a-8b8b-0123456789ab/logo.svg" }, null },
        { "contact.supportEmail", null, Valid.Contact! with { SupportEmail = "help@localhost" } },
        { "contact.supportEmail", null, Valid.Contact! with { SupportEmail = "help@example.test?subject=x\"onclick" } },
        { "contact.supportEmail", null, Valid.Contact! with { SupportEmail = "help me@example.test" } },
        // `$` would accept a trailing line feed; the patterns end in \z.
        { "branding.fontBody", Valid.Branding! with { FontBody = "Inter\n" }, null },
        { "branding.primaryColorHex", Valid.Branding! with { PrimaryColorHex = "#1d3557\n" }, null },
        { "contact.supportEmail", null, Valid.Contact! with { SupportEmail = "help@example.test\n" } },
    };

    [Theory]
    [InlineData("Inter")]
    [InlineData("system-ui, -apple-system, sans-serif")]
    [InlineData("'Source Serif 4', Georgia, serif")]
    [InlineData("\"IBM Plex Mono\", monospace")]
    public async Task Put_Settings_WithASafeFontStack_IsStored(string font)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PutAsync(org.Id, Valid with { Branding = Valid.Branding! with { FontBody = font, FontHeading = font } }, owner);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(font, (await GetAsync(org.Id)).Branding.FontBody);
    }

    [Fact]
    public async Task Put_Settings_WithTheSitePathOfAnUploadedLogo_IsStored()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var path = $"/logos/{org.Id}/0123456789abcdef0123456789abcdef.webp";

        var response = await PutAsync(org.Id, Valid with { Branding = Valid.Branding! with { LogoUrl = path } }, owner);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path, (await GetAsync(org.Id)).Branding.LogoUrl);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Put_Settings_WithAnInvalidValue_Returns400WithThatFieldError(string field, BrandingDto? branding, ContactDto? contact)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PutAsync(org.Id, Valid with { Branding = branding ?? Valid.Branding, Contact = contact ?? Valid.Contact }, owner);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
        Assert.Null((await GetAsync(org.Id)).Branding.PrimaryColorHex);
    }

    [Fact]
    public async Task Put_Settings_WithoutItsSections_Returns400NamingEachOne()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PutAsync(org.Id, new { }, owner);

        Assert.Equal(["branding", "contact", "features"], (await response.FieldErrorsAsync()).Order());
    }

    [Fact]
    public async Task Put_Settings_WithAWronglyTypedFlag_Returns400WithThatFieldError()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await PutAsync(org.Id, new { branding = new { }, features = new { enableSignups = "yes" }, contact = new { } }, owner);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["features.enableSignups"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Put_Settings_Unknown_Returns404()
    {
        var (_, cookie) = await _api.SignedInAsync();

        var response = await PutAsync(Guid.NewGuid(), Valid, cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Put_Settings_UnknownAndAnonymous_Returns401()
    {
        var response = await PutAsync(Guid.NewGuid(), Valid, cookie: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
