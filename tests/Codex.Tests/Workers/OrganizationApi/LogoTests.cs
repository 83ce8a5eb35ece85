using System.Net;
using System.Net.Http.Headers;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.OrganizationApi;

/// <summary><c>POST/DELETE /api/organizations/:id/logo</c> and the logo files the site forwards to <c>/logos/...</c>.</summary>
[Collection(OrganizationsCollection.Name)]
public sealed class LogoTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "logos", name));

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType, string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    private Task<HttpResponseMessage> UploadAsync(Guid id, string? cookie, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/organizations/{id}/logo") { Content = content };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return _api.Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> UploadAsync(Guid id, string? cookie, string fixtureName, string? fileName = null, string contentType = "image/png") =>
        UploadAsync(id, cookie, Form(Fixture(fixtureName), fileName ?? fixtureName, contentType));

    private async Task<OrganizationDto> UploadedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<OrganizationDto>>()).Data;
    }

    private async Task<string?> StoredLogoAsync(Guid id)
    {
        await using var db = fixture.Db();
        return await db.Organizations.Where(o => o.Id == id).Select(o => o.LogoUrl).SingleAsync();
    }

    [Theory]
    [InlineData("logo.png", "image/png", ".png")]
    [InlineData("logo.jpg", "image/jpeg", ".jpg")]
    [InlineData("logo.webp", "image/webp", ".webp")]
    [InlineData("logo-lossless.webp", "image/webp", ".webp")]
    public async Task Post_Logo_AsOwner_StoresThePicture_AndServesItWithItsTypeAndNosniff(string name, string type, string extension)
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var organization = await UploadedAsync(await UploadAsync(org.Id, owner, name, contentType: "application/octet-stream"));

        Assert.Matches(LogoRules.PathPattern(), organization.LogoUrl!);
        Assert.StartsWith($"/logos/{org.Id}/", organization.LogoUrl);
        Assert.EndsWith(extension, organization.LogoUrl);
        var file = await _api.GetAsync(organization.LogoUrl!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(type, file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("immutable", file.Headers.CacheControl!.ToString());
        Assert.Equal(Fixture(name), await file.Content.ReadAsByteArrayAsync());
        // Without a settings row the branding's logo falls back to the organization's.
        var settings = (await (await _api.GetAsync($"/api/organizations/{org.Id}/settings")).ReadAsync<DataEnvelope<OrganizationSettingsDto>>()).Data;
        Assert.Equal(organization.LogoUrl, settings.Branding.LogoUrl);
    }

    [Fact]
    public async Task Post_Logo_WithASettingsRow_SetsTheBrandingLogoToo_AndReplacingItDeletesTheOldFile()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var put = await _api.SendAsync(HttpMethod.Put, $"/api/organizations/{org.Id}/settings", owner, new UpdateSettingsRequest(
            new BrandingDto("https://cdn.example.test/old.png", "#1d3557", null, null, null, null, null), new FeaturesDto(true, true), new ContactDto(null, null)));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var first = await UploadedAsync(await UploadAsync(org.Id, owner, "logo.png"));
        var second = await UploadedAsync(await UploadAsync(org.Id, owner, "logo.jpg", contentType: "image/jpeg"));

        Assert.NotEqual(first.LogoUrl, second.LogoUrl);
        await using var db = fixture.Db();
        var settings = await db.OrganizationSettings.SingleAsync(s => s.OrganizationId == org.Id);
        Assert.Equal(second.LogoUrl, settings.LogoUrl);
        Assert.Equal("#1d3557", settings.PrimaryColorHex);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(first.LogoUrl!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(second.LogoUrl!)).StatusCode);
    }

    [Fact]
    public async Task Delete_Logo_ClearsBothUrls_AndDeletesTheFile()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var uploaded = await UploadedAsync(await UploadAsync(org.Id, owner, "logo.png"));

        var response = await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/logo", owner);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await StoredLogoAsync(org.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(uploaded.LogoUrl!)).StatusCode);
    }

    [Fact]
    public async Task Put_Settings_ThatReplacesAnUploadedLogo_DeletesItsFile()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var empty = new UpdateSettingsRequest(new BrandingDto(null, null, null, null, null, null, null), new FeaturesDto(true, true), new ContactDto(null, null));
        await _api.SendAsync(HttpMethod.Put, $"/api/organizations/{org.Id}/settings", owner, empty);
        var uploaded = await UploadedAsync(await UploadAsync(org.Id, owner, "logo.png"));

        // Kept while the branding names it (the settings page sends it back as it is).
        var same = await _api.SendAsync(HttpMethod.Put, $"/api/organizations/{org.Id}/settings", owner,
            empty with { Branding = empty.Branding! with { LogoUrl = uploaded.LogoUrl } });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(uploaded.LogoUrl!)).StatusCode);
        // Still kept while the organization's own logoUrl names it.
        await _api.SendAsync(HttpMethod.Put, $"/api/organizations/{org.Id}/settings", owner, empty);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(uploaded.LogoUrl!)).StatusCode);
        // Gone once nothing does.
        var patch = await _api.SendAsync(HttpMethod.Patch, $"/api/organizations/{org.Id}", owner, new { logoUrl = "" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(uploaded.LogoUrl!)).StatusCode);
    }

    [Fact]
    public async Task Post_Logo_ThatIsAJpegNamedPng_IsTakenAsTheJpegItIs()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var organization = await UploadedAsync(await UploadAsync(org.Id, owner, "logo.jpg", fileName: "logo.png", contentType: "image/png"));

        Assert.EndsWith(".jpg", organization.LogoUrl);
        Assert.Equal("image/jpeg", (await _api.GetAsync(organization.LogoUrl!)).Content.Headers.ContentType!.MediaType);
    }

    public static TheoryData<string, byte[], string> Refused => new()
    {
        { "an SVG", Fixture("logo.svg"), "image/svg+xml" },
        { "an SVG named .png", Fixture("logo.svg"), "image/png" },
        { "HTML named .png", "<!DOCTYPE html><html><script>alert(1)</script></html>"u8.ToArray(), "image/png" },
        { "a PNG cut short", Fixture("logo.png")[..100], "image/png" },
        { "a PNG with something after its end", [.. Fixture("logo.png"), .. "<script>alert(1)</script>"u8.ToArray()], "image/png" },
        { "a PNG signature then HTML", [.. Fixture("logo.png")[..8], .. "<html><script>alert(1)</script></html>"u8.ToArray()], "image/png" },
        { "a JPEG without its end", Fixture("logo.jpg")[..^2], "image/jpeg" },
        { "a WebP whose size lies", [.. Fixture("logo.webp"), 0, 0], "image/webp" },
        { "an MP4", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "media", "clip.mp4")), "image/png" },
        { "an empty file", [], "image/png" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Post_Logo_ThatIsNotAWellFormedPngJpegOrWebP_Returns400OnFile_AndChangesNothing(string what, byte[] bytes, string claimed)
    {
        var org = await _api.OrganizationAsync(logoUrl: "https://cdn.example.test/kept.png");
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var response = await UploadAsync(org.Id, owner, Form(bytes, "logo.png", claimed));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
        Assert.Equal(["file"], await response.FieldErrorsAsync());
        Assert.Equal("https://cdn.example.test/kept.png", await StoredLogoAsync(org.Id));
        Assert.False(Directory.Exists(Path.Combine(fixture.DataPath, "media", "logos", org.Id.ToString())), what);
    }

    [Fact]
    public async Task Post_Logo_OverTwoMegabytes_Returns413_WithOrWithoutAContentLength()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var big = new byte[LogoRules.MaxBytes + 1];
        Fixture("logo.png").CopyTo(big, 0);

        var sized = await UploadAsync(org.Id, owner, Form(big, "big.png", "image/png"));
        var file = new ChunkedContent(big); // no length: the whole body is sent chunked
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var chunked = await UploadAsync(org.Id, owner, new MultipartFormDataContent { { file, "file", "big.png" } });

        foreach (var response in new[] { sized, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(ErrorCodes.PayloadTooLarge, (await response.ErrorAsync()).Code);
        }
        Assert.Null(await StoredLogoAsync(org.Id));
    }

    [Fact]
    public async Task Post_Logo_OfExactlyTwoMegabytes_IsJudgedByItsContent()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);
        var most = new byte[LogoRules.MaxBytes];
        Fixture("logo.png").CopyTo(most, 0);

        var response = await UploadAsync(org.Id, owner, Form(most, "most.png", "image/png"));

        // Not too large: a PNG with 2 MB of zeros after its end, which is not a well-formed PNG.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(Caller.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Caller.OtherUser, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Caller.Admin, HttpStatusCode.OK, null)]
    [InlineData(Caller.Owner, HttpStatusCode.OK, null)]
    [InlineData(Caller.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Post_And_Delete_Logo_ByCaller_AnswerByTheirRole(Caller caller, HttpStatusCode status, string? code)
    {
        var org = await _api.OrganizationAsync();
        var cookie = await _api.CookieAsync(org, caller);

        var upload = await UploadAsync(org.Id, cookie, "logo.png");
        var delete = await _api.SendAsync(HttpMethod.Delete, $"/api/organizations/{org.Id}/logo", cookie);

        Assert.Equal(status, upload.StatusCode);
        Assert.Equal(status == HttpStatusCode.OK ? HttpStatusCode.NoContent : status, delete.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, (await upload.ErrorAsync()).Code);
            Assert.Equal(code, (await delete.ErrorAsync()).Code);
        }
        Assert.Null(await StoredLogoAsync(org.Id));
    }

    [Fact]
    public async Task Post_Logo_UnknownOrganization_Returns404_AndNotAUuid_Returns400()
    {
        var (_, cookie) = await _api.SignedInAsync();

        var unknown = await UploadAsync(Guid.NewGuid(), cookie, "logo.png");
        var notAnId = await _api.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/organizations/xyz/logo")
        {
            Content = Form(Fixture("logo.png"), "logo.png", "image/png"), Headers = { { "Cookie", cookie } },
        });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await unknown.ErrorAsync()).Code);
        Assert.Equal(["id"], await notAnId.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Logo_NotMultipart_OrWithoutAFile_Returns400OnFile()
    {
        var org = await _api.OrganizationAsync();
        var owner = await _api.CookieAsync(org, Caller.Owner);

        var json = await _api.SendAsync(HttpMethod.Post, $"/api/organizations/{org.Id}/logo", owner, new { file = "logo.png" });
        var noFile = await UploadAsync(org.Id, owner, new MultipartFormDataContent { { new StringContent("x"), "title" } });
        var otherField = await UploadAsync(org.Id, owner, Form(Fixture("logo.png"), "logo.png", "image/png", field: "picture"));

        foreach (var response in new[] { json, noFile, otherField })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["file"], await response.FieldErrorsAsync());
        }
    }

    [Theory]
    [InlineData("/logos/not-a-uuid/0123456789abcdef0123456789abcdef.png")]
    [InlineData("/logos/6f1c2b9e-1111-4a4a-8b8b-0123456789ab/0123456789abcdef0123456789abcdef.png")]
    [InlineData("/logos/6f1c2b9e-1111-4a4a-8b8b-0123456789ab/logo.svg")]
    [InlineData("/logos/6f1c2b9e-1111-4a4a-8b8b-0123456789ab/0123456789abcdef0123456789abcdef.html")]
    public async Task Get_LogoFile_UnknownOrNotALogoName_Returns404(string path)
    {
        var response = await _api.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Content sent without a length, so the request body is chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
