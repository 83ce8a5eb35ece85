using System.Net;
using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Web.Studio;

/// <summary>
/// Who may open the studio pages of an organization: its creators, admins and owners and platform admins (200);
/// anonymous visitors are sent to sign in; customers, members and owners of another organization get 403. Each page
/// in both shapes.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StudioAuthorizationTests(SiteFixture fixture)
{
    public enum Visitor { Anonymous, Customer, Member, Creator, OrganizationAdmin, Owner, PlatformAdmin, OwnerElsewhere }

    private static readonly string[] Pages = ["", "/content", "/content/new", "/content/{id}/edit", "/content/{id}/delete"];

    private sealed record Cast(string OrgSlug, Guid ItemId, Dictionary<Visitor, string?> Cookies);

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
        Data.User? creator = null;
        foreach (var (visitor, role) in new (Visitor, MemberRole?)[]
                 {
                     (Visitor.Customer, null), (Visitor.Member, MemberRole.Member), (Visitor.Creator, MemberRole.Creator),
                     (Visitor.OrganizationAdmin, MemberRole.Admin), (Visitor.Owner, MemberRole.Owner), (Visitor.OwnerElsewhere, null),
                 })
        {
            var user = await data.UserAsync(visitor.ToString());
            if (role is { } r) await data.MembershipAsync(org, user, r);
            if (visitor == Visitor.OwnerElsewhere) await data.MembershipAsync(other, user, MemberRole.Owner);
            if (visitor == Visitor.Creator) creator = user;
            cookies[visitor] = await data.SessionCookieAsync(user);
        }
        var admin = await data.UserAsync("Platform admin", UserRole.Admin);
        cookies[Visitor.PlatformAdmin] = await data.SessionCookieAsync(admin);
        var item = await data.ContentAsync(org, creator!, "Matrix item", status: ContentStatus.Draft);
        return new Cast(org.Slug, item.Id, cookies);
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

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachVisitor_OnEachStudioPage_InBothShapes(Visitor visitor, int page, bool htmx)
    {
        var cast = await CastAsync();
        var path = $"/studio/{cast.OrgSlug}" + Pages[page].Replace("{id}", cast.ItemId.ToString());
        using var client = fixture.Client(Role.Site);
        var request = htmx ? Html.Htmx(path) : new HttpRequestMessage(HttpMethod.Get, path);
        if (htmx) request.Headers.Add("HX-Current-URL", fixture.System.SiteUrl + "studio");
        if (cast.Cookies[visitor] is { } cookie) request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        switch (visitor)
        {
            case Visitor.Creator or Visitor.OrganizationAdmin or Visitor.Owner or Visitor.PlatformAdmin:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(!htmx, body.Contains("<html", StringComparison.Ordinal));
                break;
            case Visitor.Anonymous when htmx:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("/login?redirect=%2Fstudio", response.Headers.GetValues("HX-Redirect").Single());
                break;
            case Visitor.Anonymous:
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.Equal("/login?redirect=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Contains("Not allowed", body);
                Assert.Equal(!htmx, body.Contains("<html", StringComparison.Ordinal));
                break;
        }
        Assert.Contains("HX-Request", response.Headers.Vary.Concat(response.Content.Headers.TryGetValues("Vary", out var v) ? v : []));
    }

    [Theory]
    [InlineData(Visitor.Member)]
    [InlineData(Visitor.OwnerElsewhere)]
    public async Task Posts_FromThoseWhoMayNotManage_AreForbidden_BeforeAnyWorkerCall(Visitor visitor)
    {
        var cast = await CastAsync();
        using var client = fixture.Client(Role.Site);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/studio/{cast.OrgSlug}/content/{cast.ItemId}/publish")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>()),
        };
        request.Headers.Add("Cookie", cast.Cookies[visitor]!);

        var response = await client.SendAsync(request);

        // Authorization runs before antiforgery: they learn nothing beyond "not allowed".
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
