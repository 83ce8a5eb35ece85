using System.Net;
using System.Text;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;
using Codex.Web.Infrastructure;

namespace Codex.Tests.Web.Errors;

/// <summary>
/// Issue 10, line 5, on the site: input the site cannot take is the visitor's error (a 4xx page in the request's
/// shape), never a 404 for a page that exists nor a 5xx.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class BadInputPagesTests(SiteFixture fixture)
{
    private static readonly string OverFourMiB = new('a', 4 * 1024 * 1024 + 1);
    private SiteBrowser Browser() => new(fixture.System.SiteUrl);

    private async Task<HttpRequestMessage> LoginPostAsync(SiteBrowser browser, Dictionary<string, string> fields, bool htmx = false) =>
        SiteBrowser.FormRequest(await browser.PageAsync("/login"), $"#{DomIds.LoginForm}", fields, htmx);

    [Fact]
    public async Task Post_Form_WithAFieldOver4MiB_Is413_AsAPage()
    {
        var browser = Browser();

        var response = await browser.SendAsync(await LoginPostAsync(browser, new() { ["Email"] = OverFourMiB, ["Password"] = "x" }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("413", page.QuerySelector(".error-code")?.TextContent);
        Assert.Contains("Too large", page.Title);
        Assert.NotNull(page.QuerySelector(".site-header"));
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task Post_Form_WithAFieldOver4MiB_Is413_AsAFragment_ForHtmx()
    {
        var browser = Browser();

        var response = await browser.SendAsync(await LoginPostAsync(browser, new() { ["Email"] = OverFourMiB, ["Password"] = "x" }, htmx: true));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var (raw, fragment) = await response.ParseFragmentAsync();
        Assert.Equal("413", fragment.QuerySelector(".error-code")?.TextContent);
        Assert.DoesNotContain("site-header", raw);
        Assert.DoesNotContain("<html", raw);
    }

    [Fact]
    public async Task Post_Form_OverTheServersBodyLimit_Is413_NotA5xx()
    {
        var answer = await RawHttp.PostOversizedAsync(fixture.System.SiteUrl, "/login", "application/x-www-form-urlencoded",
            claimedLength: 40L * 1024 * 1024, bodyStart: "Email=a&Password=b&x=");

        Assert.Equal(413, answer.Status);
        Assert.Contains("class=\"error-code\">413<", answer.Body);
    }

    [Fact]
    public async Task Post_Progress_OverTheServersBodyLimit_Is413_NotA5xx()
    {
        var answer = await RawHttp.PostOversizedAsync(fixture.System.SiteUrl, $"/progress/{Guid.NewGuid()}", "application/json",
            claimedLength: 40L * 1024 * 1024, bodyStart: "{\"positionSeconds\":");

        Assert.Equal(413, answer.Status);
    }

    [Fact]
    public async Task Post_Form_WithABrokenMultipartBody_Is400()
    {
        var response = await fixture.Client(Role.Site).PostAsync("/login",
            new ByteArrayContent("--x\r\nnot a part"u8.ToArray()) { Headers = { { "Content-Type", "multipart/form-data; boundary=x" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("400", (await response.ParseAsync()).QuerySelector(".error-code")?.TextContent);
    }

    [Fact]
    public async Task Post_Form_RefusedWithAFieldNamedStatus_ShowsTheRefusal_NotWhatTheFieldSays()
    {
        // The error page reads its status from the route, never from the posted form.
        var response = await fixture.Client(Role.Site).PostAsync("/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "404", ["Email"] = "a@b.c" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("400", (await response.ParseAsync()).QuerySelector(".error-code")?.TextContent);
    }

    [Theory]
    [InlineData("%FF%00")]
    [InlineData("%0D%0Aevil")]
    [InlineData("not base64!")]
    public async Task Get_SignedInPage_WithAMalformedSessionCookie_IsSignedOut_NotA503(string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/library");
        request.Headers.TryAddWithoutValidation("Cookie", $"{SessionCookie.Name}={cookie}");

        var response = await fixture.Client(Role.Site).SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("%FF%00")]
    [InlineData("%0D%0Aevil")]
    public async Task Get_Catalogue_WithAMalformedSessionCookie_RendersForAnAnonymousVisitor(string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/discover");
        request.Headers.TryAddWithoutValidation("Cookie", $"{SessionCookie.Name}={cookie}");

        var response = await fixture.Client(Role.Site).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty((await response.ParseAsync()).QuerySelectorAll($"#{DomIds.DiscoverResults} a"));
    }

    [Fact]
    public async Task Media_UnsatisfiableRange_ThroughTheSite_Is416WithTheEnvelope()
    {
        var data = new TestData(fixture);
        var user = await data.UserAsync();
        var (item, _) = await data.VideoAsync(await data.OrganizationAsync(), user, size: 1000);
        var stream = new HttpRequestMessage(HttpMethod.Get, $"/api/access/content/{item.Id}/stream");
        stream.Headers.Add("Cookie", await data.SessionCookieAsync(user));
        var url = (await (await fixture.Client(Role.ContentApi).SendAsync(stream)).ReadAsync<DataEnvelope<StreamingUrlDto>>()).Data.StreamingUrl;
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url).PathAndQuery);
        request.Headers.Add("Range", "bytes=5000-6000");

        var response = await fixture.Client(Role.Site).SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */1000", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
    }
}
