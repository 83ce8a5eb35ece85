using System.Net;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.ContentApi;

[Collection(WorkersCollection.Name)]
public sealed class GetContentTests(WorkersFixture fixture)
{
    private readonly TestData _data = new(fixture);
    private readonly HttpClient _client = fixture.Client(Role.ContentApi);

    private async Task<HttpResponseMessage> GetAsync(Guid id, Data.User? asUser = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{id}");
        if (asUser is not null) request.Headers.Add("Cookie", await _data.SessionCookieAsync(asUser));
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Get_ContentById_Published_Returns200WithFreeBody()
    {
        var org = await _data.OrganizationAsync();
        var creator = await _data.UserAsync();
        var item = await _data.ContentAsync(org, creator, "Free article", body: "# Hello");

        var response = await GetAsync(item.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<ContentDto>>()).Data;
        Assert.Equal("Free article", dto.Title);
        Assert.Equal("# Hello", dto.ContentBody);
    }

    [Theory]
    [InlineData(AccessType.Paid)]
    [InlineData(AccessType.Members)]
    public async Task Get_ContentById_PaidOrMembers_Anonymous_HasNoBody(AccessType access)
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Locked", access: access, body: "secret");

        var dto = (await (await GetAsync(item.Id)).ReadAsync<DataEnvelope<ContentDto>>()).Data;

        Assert.Null(dto.ContentBody);
    }

    [Fact]
    public async Task Get_ContentById_Paid_BodyOnlyForBuyerNotRefundedOrOthers()
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Paid", access: AccessType.Paid, body: "paid body");
        var buyer = await _data.UserAsync();
        var refunded = await _data.UserAsync();
        var other = await _data.UserAsync();
        await _data.PurchaseAsync(buyer, item);
        await _data.PurchaseAsync(refunded, item, PurchaseStatus.Refunded);

        Assert.Equal("paid body", (await (await GetAsync(item.Id, buyer)).ReadAsync<DataEnvelope<ContentDto>>()).Data.ContentBody);
        Assert.Null((await (await GetAsync(item.Id, refunded)).ReadAsync<DataEnvelope<ContentDto>>()).Data.ContentBody);
        Assert.Null((await (await GetAsync(item.Id, other)).ReadAsync<DataEnvelope<ContentDto>>()).Data.ContentBody);
    }

    [Fact]
    public async Task Get_ContentById_Members_BodyForMembersAndStaff()
    {
        var org = await _data.OrganizationAsync();
        var owner = await _data.UserAsync();
        var member = await _data.UserAsync();
        await _data.MembershipAsync(org, owner, MemberRole.Owner);
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Members", access: AccessType.Members, body: "club");

        Assert.Equal("club", (await (await GetAsync(item.Id, member)).ReadAsync<DataEnvelope<ContentDto>>()).Data.ContentBody);
        Assert.Equal("club", (await (await GetAsync(item.Id, owner)).ReadAsync<DataEnvelope<ContentDto>>()).Data.ContentBody);
        Assert.Null((await (await GetAsync(item.Id, await _data.UserAsync())).ReadAsync<DataEnvelope<ContentDto>>()).Data.ContentBody);
    }

    [Fact]
    public async Task Get_ContentById_Draft_IsNotFoundForAnonymousOtherUserAndPlainMember()
    {
        var org = await _data.OrganizationAsync();
        var member = await _data.UserAsync();
        await _data.MembershipAsync(org, member, MemberRole.Member);
        var draft = await _data.ContentAsync(org, await _data.UserAsync(), "Draft", status: ContentStatus.Draft);

        foreach (var caller in new[] { null, await _data.UserAsync(), member })
        {
            var response = await GetAsync(draft.Id, caller);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(MemberRole.Owner)]
    [InlineData(MemberRole.Admin)]
    [InlineData(MemberRole.Creator)]
    public async Task Get_ContentById_Draft_IsVisibleToItsCreatorAndOrgStaff(MemberRole? role)
    {
        var org = await _data.OrganizationAsync();
        var author = await _data.UserAsync();
        var draft = await _data.ContentAsync(org, author, "Draft", status: ContentStatus.Draft, access: AccessType.Paid, body: "wip");
        var caller = author;
        if (role is { } r)
        {
            caller = await _data.UserAsync();
            await _data.MembershipAsync(org, caller, r);
        }

        var response = await GetAsync(draft.Id, caller);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<ContentDto>>()).Data;
        Assert.Equal(ContentStatus.Draft, dto.Status);
        Assert.Equal("wip", dto.ContentBody);
    }

    [Fact]
    public async Task Get_ContentById_UnknownOrDeleted_Returns404()
    {
        var org = await _data.OrganizationAsync();
        var deleted = await _data.ContentAsync(org, await _data.UserAsync(), "Gone", deleted: true);

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(deleted.Id)).StatusCode);
    }

    [Fact]
    public async Task Get_ContentById_NotAUuid_Returns400()
    {
        var response = await _client.GetAsync("/api/content/not-a-uuid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["id"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_ContentBySlug_WithinAnOrganization_ByIdOrSlug()
    {
        var org = await _data.OrganizationAsync();
        var other = await _data.OrganizationAsync();
        var creator = await _data.UserAsync();
        var item = await _data.ContentAsync(org, creator, "By slug");
        await _data.ContentAsync(other, creator, "Same slug elsewhere");

        var byId = await _client.GetAsync($"/api/content/slug/{item.Slug}?organizationId={org.Id}");
        var bySlug = await _client.GetAsync($"/api/content/slug/{item.Slug}?organizationSlug={org.Slug}");
        var wrongOrg = await _client.GetAsync($"/api/content/slug/{item.Slug}?organizationId={other.Id}");

        Assert.Equal(item.Id, (await byId.ReadAsync<DataEnvelope<ContentDto>>()).Data.Id);
        Assert.Equal(item.Id, (await bySlug.ReadAsync<DataEnvelope<ContentDto>>()).Data.Id);
        Assert.Equal(HttpStatusCode.NotFound, wrongOrg.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?organizationId=nope")]
    public async Task Get_ContentBySlug_WithoutAValidOrganization_Returns400(string query)
    {
        var response = await _client.GetAsync("/api/content/slug/anything" + query);

        Assert.Equal(["organizationId"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_ContentBySlug_Draft_IsNotFoundForAnonymous()
    {
        var org = await _data.OrganizationAsync();
        var draft = await _data.ContentAsync(org, await _data.UserAsync(), "Draft", status: ContentStatus.Draft);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/content/slug/{draft.Slug}?organizationId={org.Id}")).StatusCode);
    }

    [Fact]
    public async Task Get_Content_Anonymous_IsPubliclyCacheable_WithAnETag_And304WhenUnchanged()
    {
        var org = await _data.OrganizationAsync();
        var item = await _data.ContentAsync(org, await _data.UserAsync(), "Cacheable");

        var first = await _client.GetAsync($"/api/content/{item.Id}");
        var etag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{item.Id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await _client.SendAsync(again);
        var list = await _client.GetAsync($"/api/content?organizationId={org.Id}");

        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.NotNull(list.Headers.ETag);
        Assert.Contains("Cookie", first.Headers.Vary);
    }

    [Fact]
    public async Task Get_Content_WithASession_IsPrivate_AndErrorsAreNotCached()
    {
        var org = await _data.OrganizationAsync();
        var user = await _data.UserAsync();
        var item = await _data.ContentAsync(org, user, "Private view");

        var signedIn = await GetAsync(item.Id, user);
        var missing = await _client.GetAsync($"/api/content/{Guid.NewGuid()}");

        Assert.True(signedIn.Headers.CacheControl!.Private);
        Assert.False(signedIn.Headers.CacheControl.Public);
        Assert.Null(missing.Headers.ETag);
        Assert.Contains("no-store", missing.Headers.CacheControl!.ToString());
    }
}
