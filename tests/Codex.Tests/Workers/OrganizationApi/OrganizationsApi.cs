using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.OrganizationApi;

/// <summary>Who calls a route, relative to the organization it is about.</summary>
public enum Caller { Anonymous, OtherUser, Member, Creator, Admin, Owner, PlatformAdmin }

/// <summary>Calls to the Organization-API with an explicit session cookie, and the rows those calls need.</summary>
public sealed class OrganizationsApi(OrganizationsFixture fixture)
{
    public TestData Data { get; } = new(fixture);
    public HttpClient Client { get; } = fixture.Client(Role.OrganizationApi);

    /// <summary>A token no other test uses, for slugs and names that searches can pick out.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..12];

    public static string NewSlug() => "org-" + Unique();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, object? body = null,
        string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? cookie = null) => SendAsync(HttpMethod.Get, path, cookie);

    /// <summary>An organization with the given name (and slug), straight into the database, without a settings row.</summary>
    public async Task<Organization> OrganizationAsync(string? name = null, string? slug = null, string? description = null,
        string? logoUrl = null, string? websiteUrl = null)
    {
        var now = fixture.Clock.GetUtcNow();
        var organization = new Organization
        {
            Id = Guid.NewGuid(), Slug = slug ?? NewSlug(), Name = name ?? "Org " + Unique(), Description = description,
            LogoUrl = logoUrl, WebsiteUrl = websiteUrl, CreatedAt = now, UpdatedAt = now,
        };
        await using var db = fixture.Db();
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization;
    }

    /// <summary>A new account and its session cookie.</summary>
    public async Task<(User User, string Cookie)> SignedInAsync(UserRole role = UserRole.Customer, string? name = null)
    {
        var user = await Data.UserAsync(name, role);
        return (user, await Data.SessionCookieAsync(user));
    }

    /// <summary>The cookie of a new person standing in <paramref name="caller"/>'s relation to the organization; null for anonymous.</summary>
    public async Task<string?> CookieAsync(Organization organization, Caller caller)
    {
        if (caller == Caller.Anonymous) return null;
        var (user, cookie) = await SignedInAsync(caller == Caller.PlatformAdmin ? UserRole.Admin : UserRole.Customer);
        MemberRole? role = caller switch
        {
            Caller.Member => MemberRole.Member,
            Caller.Creator => MemberRole.Creator,
            Caller.Admin => MemberRole.Admin,
            Caller.Owner => MemberRole.Owner,
            _ => null,
        };
        if (role is { } r) await Data.MembershipAsync(organization, user, r);
        return cookie;
    }

    /// <summary>A membership with a status other than the active one <see cref="TestData.MembershipAsync"/> makes.</summary>
    public async Task MembershipAsync(Organization organization, User user, MemberRole role, MembershipStatus status)
    {
        await using var db = fixture.Db();
        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(), OrganizationId = organization.Id, UserId = user.Id, Role = role, Status = status,
            CreatedAt = fixture.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }
}
