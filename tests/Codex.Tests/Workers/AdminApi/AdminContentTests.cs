using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Contracts.Content;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// The platform admin's content moderation: <c>GET /api/admin/content</c> and <c>POST /api/admin/content/:id/unpublish</c>
/// (the item back to draft, the reason kept, mailed to its creator and audited; publishing again clears it).
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class AdminContentTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private async Task<string> AdminCookieAsync() => (await _api.Data.CookieAsync(await _api.Data.OrganizationAsync(), Who.PlatformAdmin))!;

    private Task<HttpResponseMessage> UnpublishAsync(Guid id, object body, string? cookie) =>
        _api.SendAsync(HttpMethod.Post, $"/api/admin/content/{id}/unpublish", cookie, body);

    private async Task<PagedList<AdminContentDto>> ListAsync(string query, string cookie)
    {
        var response = await _api.GetAsync("/api/admin/content" + query, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<PagedList<AdminContentDto>>();
    }

    public static TheoryData<Who, HttpStatusCode, string> Refusals() => new()
    {
        { Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized },
        { Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden },
        { Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden },
        { Who.Owner, HttpStatusCode.Forbidden, ErrorCodes.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Get_Content_And_Post_Unpublish_ByAnyoneButAPlatformAdmin_AreRefused_AndChangeNothing(Who who, HttpStatusCode status, string code)
    {
        var org = await _api.Data.OrganizationAsync();
        var item = await _api.Data.ContentAsync(org, await _api.Data.UserAsync("Creator"), "Still up");
        var cookie = await _api.Data.CookieAsync(org, who);

        var list = await _api.GetAsync("/api/admin/content", cookie);
        var unpublish = await UnpublishAsync(item.Id, new UnpublishContentRequest("Because"), cookie);
        // Who asks is checked before the id: a stranger learns nothing from a malformed one either.
        var badId = await _api.SendAsync(HttpMethod.Post, "/api/admin/content/not-a-uuid/unpublish", cookie, new UnpublishContentRequest("Why"));

        Assert.Equal((status, status, status), (list.StatusCode, unpublish.StatusCode, badId.StatusCode));
        Assert.Equal((code, code), ((await list.ErrorAsync()).Code, (await unpublish.ErrorAsync()).Code));
        await using var db = fixture.Db();
        Assert.Equal(ContentStatus.Published, (await db.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id)).Status);
    }

    [Fact]
    public async Task Get_Content_ListsDraftsAndPublished_WithOrganizationAndCreator_FilteredSearchedAndPaged_NeverDeleted()
    {
        var cookie = await AdminCookieAsync();
        var org = await _api.Data.OrganizationAsync();
        var creator = await _api.Data.UserAsync("Carla Creator");
        var published = await _api.Data.ContentAsync(org, creator, "Bread at dawn");
        var draft = await _api.Data.ContentAsync(org, creator, "Unfinished loaf", status: ContentStatus.Draft);
        await _api.Data.ContentAsync(org, creator, "Thrown away", deleted: true);
        var elsewhere = await _api.Data.ContentAsync(await _api.Data.OrganizationAsync(), creator, "Bread elsewhere");

        var all = await ListAsync($"?organizationId={org.Id}", cookie);
        var drafts = await ListAsync($"?organizationId={org.Id}&status=draft", cookie);
        var searched = await ListAsync("?search=BREAD+AT", cookie);
        var byCreatorEmail = await ListAsync($"?search={Uri.EscapeDataString(creator.Email)}", cookie);
        var paged = await ListAsync($"?organizationId={org.Id}&limit=1&page=2", cookie);

        Assert.Equal([draft.Id, published.Id], all.Items.Select(i => i.Id).OrderBy(i => i == published.Id));
        var row = all.Items.Single(i => i.Id == published.Id);
        Assert.Equal((org.Name, org.Slug, creator.Name, creator.Email, ContentStatus.Published),
            (row.OrganizationName, row.OrganizationSlug, row.CreatorName, row.CreatorEmail, row.Status));
        Assert.Null(row.ModeratedAt);
        Assert.Equal([draft.Id], drafts.Items.Select(i => i.Id));
        Assert.Equal([published.Id], searched.Items.Select(i => i.Id));
        Assert.Equal(3, byCreatorEmail.Pagination.Total);
        Assert.Contains(elsewhere.Id, byCreatorEmail.Items.Select(i => i.Id));
        Assert.Equal((2, 2, 2), (paged.Pagination.Total, paged.Pagination.TotalPages, paged.Pagination.Page));
        Assert.Single(paged.Items);
    }

    [Theory]
    [InlineData("?status=hidden", "status")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=1001", "page")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?organizationId=nope", "organizationId")]
    public async Task Get_Content_BadQuery_Is400_NamingTheField(string query, string field)
    {
        var response = await _api.GetAsync("/api/admin/content" + query, await AdminCookieAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Post_Unpublish_TakesItOutOfTheCatalogue_KeepsTheReason_MailsTheCreator_AndAudits()
    {
        var cookie = await AdminCookieAsync();
        var org = await _api.Data.OrganizationAsync();
        var creator = await _api.Data.UserAsync("Carla Creator");
        var item = await _api.Data.ContentAsync(org, creator, "Against the rules");
        using var content = fixture.Client(Role.ContentApi);
        var listedBefore = await content.GetAsync($"/api/content?organizationId={org.Id}");

        var response = await UnpublishAsync(item.Id, new UnpublishContentRequest("  Uses music without a licence.  "), cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = (await response.ReadAsync<DataEnvelope<AdminContentDto>>()).Data;
        Assert.Equal((ContentStatus.Draft, "Uses music without a licence."), (dto.Status, dto.ModerationReason));
        Assert.NotNull(dto.ModeratedAt);
        Assert.Equal(1, (await listedBefore.ReadAsync<PagedList<ContentDto>>()).Pagination.Total);
        var listedAfter = await (await content.GetAsync($"/api/content?organizationId={org.Id}")).ReadAsync<PagedList<ContentDto>>();
        Assert.Equal(0, listedAfter.Pagination.Total);
        Assert.Equal(HttpStatusCode.NotFound, (await content.GetAsync($"/api/content/{item.Id}")).StatusCode);

        await using var db = fixture.Db();
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.TargetId == item.Id.ToString("D"));
        Assert.Equal(("content.unpublish", "content", org.Id, "Uses music without a licence."),
            (audit.Action, audit.TargetType, audit.OrganizationId, audit.Reason));
        var mail = await db.OutgoingMail.AsNoTracking().SingleAsync(m => m.Recipient == creator.Email);
        Assert.Equal(EmailTemplateNames.ContentUnpublished, mail.Template);
        var payload = JsonSerializer.Deserialize<SendEmailRequest>(mail.Payload, ContractJson.Options)!;
        Assert.Equal(("Against the rules", "Uses music without a licence.", $"/studio/{org.Slug}/content/{item.Id}/edit"),
            (payload.Title, payload.Reason, payload.Path));
        var sent = await Mailbox.MessagesToAsync(fixture, creator.Email);
        var message = Assert.Single(sent);
        Assert.Contains("Uses music without a licence.", message.Text);
        Assert.Contains($"/studio/{org.Slug}/content/{item.Id}/edit", message.Text);
    }

    [Fact]
    public async Task Post_Unpublish_TheReasonShowsToTheTeamOnly_AndPublishingAgainClearsIt()
    {
        var cookie = await AdminCookieAsync();
        var org = await _api.Data.OrganizationAsync();
        var creator = await _api.Data.UserAsync("Carla Creator");
        await _api.Data.MembershipAsync(org, creator, MemberRole.Creator);
        var creatorCookie = await _api.Data.SessionCookieAsync(creator);
        var item = await _api.Data.ContentAsync(org, creator, "Taken down");
        var buyer = await _api.Data.UserAsync("Buyer");
        await _api.Data.PurchaseAsync(buyer, item);
        var buyerCookie = await _api.Data.SessionCookieAsync(buyer);
        using var content = fixture.Client(Role.ContentApi);
        async Task<ContentDto> GetAsync(string cookieHeader)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/content/{item.Id}");
            request.Headers.Add("Cookie", cookieHeader);
            var response = await content.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.ReadAsync<DataEnvelope<ContentDto>>()).Data;
        }

        Assert.Equal(HttpStatusCode.OK, (await UnpublishAsync(item.Id, new UnpublishContentRequest("Misleading title"), cookie)).StatusCode);
        var seenByTeam = await GetAsync(creatorCookie);
        var seenByBuyer = await GetAsync(buyerCookie);
        var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/content/{item.Id}/publish");
        publish.Headers.Add("Cookie", creatorCookie);
        var republished = await content.SendAsync(publish);
        var afterPublish = await GetAsync(creatorCookie);

        Assert.Equal("Misleading title", seenByTeam.Moderation?.Reason);
        Assert.Null(seenByBuyer.Moderation);
        Assert.Equal(HttpStatusCode.OK, republished.StatusCode);
        Assert.Equal(ContentStatus.Published, afterPublish.Status);
        Assert.Null(afterPublish.Moderation);
        await using var db = fixture.Db();
        var stored = await db.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id);
        Assert.Equal((null, null), (stored.ModeratedAt, stored.ModerationReason));
    }

    [Fact]
    public async Task Post_Unpublish_ADraft_Is409_AnUnknownOrDeletedItem_404_ABadId_400()
    {
        var cookie = await AdminCookieAsync();
        var org = await _api.Data.OrganizationAsync();
        var creator = await _api.Data.UserAsync("Creator");
        var draft = await _api.Data.ContentAsync(org, creator, "Draft", status: ContentStatus.Draft);
        var deleted = await _api.Data.ContentAsync(org, creator, "Deleted", deleted: true);

        var onDraft = await UnpublishAsync(draft.Id, new UnpublishContentRequest("Why"), cookie);
        var onDeleted = await UnpublishAsync(deleted.Id, new UnpublishContentRequest("Why"), cookie);
        var onUnknown = await UnpublishAsync(Guid.NewGuid(), new UnpublishContentRequest("Why"), cookie);
        var badId = await _api.SendAsync(HttpMethod.Post, "/api/admin/content/not-a-uuid/unpublish", cookie, new UnpublishContentRequest("Why"));

        Assert.Equal(HttpStatusCode.Conflict, onDraft.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await onDraft.ErrorAsync()).Code);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (onDeleted.StatusCode, onUnknown.StatusCode));
        Assert.Equal(ErrorCodes.NotFound, (await onUnknown.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("id", await badId.FieldErrorsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("x501")]
    public async Task Post_Unpublish_WithoutAReason_OrTooLong_Is400_AndChangesNothing(string? reason)
    {
        var cookie = await AdminCookieAsync();
        var item = await _api.Data.ContentAsync(await _api.Data.OrganizationAsync(), await _api.Data.UserAsync("Creator"), "Still up");
        if (reason == "x501") reason = new string('x', 501);

        var response = await UnpublishAsync(item.Id, new UnpublishContentRequest(reason), cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reason", await response.FieldErrorsAsync());
        await using var db = fixture.Db();
        Assert.Equal(ContentStatus.Published, (await db.Content.AsNoTracking().SingleAsync(c => c.Id == item.Id)).Status);
    }

    [Fact]
    public async Task Post_Unpublish_NotJson_Is400_InvalidJson()
    {
        var cookie = await AdminCookieAsync();
        var item = await _api.Data.ContentAsync(await _api.Data.OrganizationAsync(), await _api.Data.UserAsync("Creator"), "Still up");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/content/{item.Id}/unpublish")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);

        var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidJson, (await response.ErrorAsync()).Code);
    }
}
