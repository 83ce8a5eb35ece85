using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Authorization;

/// <summary>
/// The site's policies, as seven kinds of visitor meet them: anonymous, a customer, a member, a creator, an
/// organization admin and owner (all of one organization), and a platform admin; each on a page of each policy, as
/// a whole page and as an htmx fragment. Allowed → 200 in the shape asked for; anonymous → sign in and come back
/// (a redirect, or <c>HX-Redirect</c>); anyone else → the 403 page, or its fragment.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AuthorizationMatrixTests(SiteFixture fixture)
{
    public enum Visitor { Anonymous, Customer, Member, Creator, OrganizationAdmin, Owner, PlatformAdmin }

    private enum Outcome { Allowed, SignIn, Forbidden }

    /// <summary>The pages, with who gets through each.</summary>
    private static readonly (string Path, Visitor[] Allowed)[] Pages =
    [
        ("/test-probes/signed-in", [Visitor.Customer, Visitor.Member, Visitor.Creator, Visitor.OrganizationAdmin, Visitor.Owner, Visitor.PlatformAdmin]),
        ("/test-probes/platform-admin", [Visitor.PlatformAdmin]),
        ("/test-probes/{org}/member", [Visitor.Member, Visitor.Creator, Visitor.OrganizationAdmin, Visitor.Owner, Visitor.PlatformAdmin]),
        ("/test-probes/{org}/creator", [Visitor.Creator, Visitor.OrganizationAdmin, Visitor.Owner, Visitor.PlatformAdmin]),
        ("/test-probes/{org}/admin", [Visitor.OrganizationAdmin, Visitor.Owner, Visitor.PlatformAdmin]),
        ("/test-probes/{org}/owner", [Visitor.Owner, Visitor.PlatformAdmin]),
    ];

    private sealed record Cast(string OrgSlug, string OtherOrgSlug, Dictionary<Visitor, string?> Cookies);

    // One cast for all cases of this fixture (arranging it takes a dozen rows); a failed arrangement is not kept.
    private static (SiteFixture Fixture, Task<Cast> Task)? _cast;
    private static readonly Lock CastLock = new();

    private Task<Cast> CastAsync()
    {
        lock (CastLock)
        {
            if (_cast is not { } cast || cast.Fixture != fixture || cast.Task.IsFaulted || cast.Task.IsCanceled)
                _cast = cast = (fixture, ArrangeAsync());
            return cast.Task;
        }
    }

    private async Task<Cast> ArrangeAsync()
    {
        var data = new TestData(fixture);
        var org = await data.OrganizationAsync();
        var other = await data.OrganizationAsync();
        var cookies = new Dictionary<Visitor, string?> { [Visitor.Anonymous] = null };
        foreach (var (visitor, role) in new (Visitor, MemberRole?)[]
                 {
                     (Visitor.Customer, null), (Visitor.Member, MemberRole.Member), (Visitor.Creator, MemberRole.Creator),
                     (Visitor.OrganizationAdmin, MemberRole.Admin), (Visitor.Owner, MemberRole.Owner),
                 })
        {
            var user = await data.UserAsync(visitor.ToString());
            if (role is { } r) await data.MembershipAsync(org, user, r);
            // Everyone is also an owner elsewhere: a role in another organization counts for nothing here.
            await data.MembershipAsync(other, user, MemberRole.Owner);
            cookies[visitor] = await data.SessionCookieAsync(user);
        }
        var admin = await data.UserAsync("Platform admin", UserRole.Admin);
        cookies[Visitor.PlatformAdmin] = await data.SessionCookieAsync(admin);
        return new Cast(org.Slug, other.Slug, cookies);
    }

    public static TheoryData<Visitor, int, bool> Cases()
    {
        var cases = new TheoryData<Visitor, int, bool>();
        foreach (var visitor in Enum.GetValues<Visitor>())
            for (var page = 0; page < Pages.Length; page++)
                foreach (var htmx in new[] { false, true })
                    cases.Add(visitor, page, htmx);
        return cases;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? cookie, bool htmx)
    {
        using var client = fixture.Client(Role.Site);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("HX-Current-URL", fixture.System.SiteUrl + "somewhere/else?x=1");
        }
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachVisitor_OnEachPolicy_InBothShapes(Visitor visitor, int page, bool htmx)
    {
        var cast = await CastAsync();
        var (template, allowed) = Pages[page];
        var path = template.Replace("{org}", cast.OrgSlug);
        var expected = allowed.Contains(visitor) ? Outcome.Allowed : visitor == Visitor.Anonymous ? Outcome.SignIn : Outcome.Forbidden;

        var response = await GetAsync(path, cast.Cookies[visitor], htmx);
        var body = await response.Content.ReadAsStringAsync();

        switch (expected, htmx)
        {
            case (Outcome.Allowed, _):
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(htmx ? "allowed fragment" : "allowed page", body);
                break;
            case (Outcome.SignIn, false):
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
                break;
            case (Outcome.SignIn, true):
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("/login?redirect=" + Uri.EscapeDataString("/somewhere/else?x=1"), response.Headers.GetValues("HX-Redirect").Single());
                break;
            case (Outcome.Forbidden, false):
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Contains("<html", body);
                Assert.Contains("Not allowed", body);
                break;
            case (Outcome.Forbidden, true):
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.DoesNotContain("<html", body);
                Assert.Contains("Not allowed", body);
                break;
        }
        Assert.Contains("HX-Request", response.Headers.Vary.Concat(response.Content.Headers.TryGetValues("Vary", out var v) ? v : []));
    }

    [Fact]
    public async Task AnOrganizationPolicy_IsAboutTheOrganizationInTheRoute()
    {
        var cast = await CastAsync();
        var member = cast.Cookies[Visitor.Member];

        var here = await GetAsync($"/test-probes/{cast.OrgSlug}/owner", member, htmx: false);
        var whereTheyOwn = await GetAsync($"/test-probes/{cast.OtherOrgSlug}/owner", member, htmx: false);
        var nowhere = await GetAsync("/test-probes/no-such-organization/member", member, htmx: false);

        Assert.Equal(HttpStatusCode.Forbidden, here.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whereTheyOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nowhere.StatusCode);
    }

    [Theory]
    [InlineData("/account")]
    [InlineData("/library")]
    [InlineData("/account/purchases")]
    [InlineData("/checkout/success?session_id=cs_anything")]
    public async Task SignedInPages_SendAnonymousVisitorsToSignIn_InBothShapes(string path)
    {
        var page = await GetAsync(path, null, htmx: false);
        var fragment = await GetAsync(path, null, htmx: true);

        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.StartsWith("/login?redirect=", fragment.Headers.GetValues("HX-Redirect").Single());
    }

    [Theory]
    [InlineData("/account")]
    [InlineData("/library")]
    [InlineData("/account/purchases")]
    public async Task SignedInPages_OpenForACustomer(string path)
    {
        var cast = await CastAsync();

        var response = await GetAsync(path, cast.Cookies[Visitor.Customer], htmx: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cache = response.Headers.CacheControl!;
        Assert.False(cache.Public);
        Assert.True(cache.Private || cache.NoStore, cache.ToString());
    }
}
