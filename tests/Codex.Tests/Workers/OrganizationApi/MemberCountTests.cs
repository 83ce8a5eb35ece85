using System.Diagnostics;
using System.Net;
using Codex.Contracts;
using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codex.Tests.Workers.OrganizationApi;

/// <summary>
/// Issue 15, item 13: the organizations list and the single reads carry <c>memberCount</c> (an addition to the contract,
/// ADR 035), counted in one grouped query for the whole page.
/// </summary>
[Collection(OrganizationsCollection.Name)]
public sealed class MemberCountTests(OrganizationsFixture fixture)
{
    private readonly OrganizationsApi _api = new(fixture);

    /// <summary>An organization with people of every role and status, and accounts that are gone.</summary>
    private async Task<Organization> OrganizationWithMembersAsync(string name)
    {
        var organization = await _api.OrganizationAsync(name);
        foreach (var role in new[] { MemberRole.Owner, MemberRole.Admin, MemberRole.Creator, MemberRole.Member })
            await _api.Data.MembershipAsync(organization, await _api.Data.UserAsync(), role);
        await _api.MembershipAsync(organization, await _api.Data.UserAsync(), MemberRole.Member, MembershipStatus.Invited);
        await _api.MembershipAsync(organization, await _api.Data.UserAsync(), MemberRole.Member, MembershipStatus.Suspended);
        var disabled = await _api.Data.UserAsync();
        var deleted = await _api.Data.UserAsync();
        await _api.Data.MembershipAsync(organization, disabled, MemberRole.Member);
        await _api.Data.MembershipAsync(organization, deleted, MemberRole.Member);
        await using var db = fixture.Db();
        var now = fixture.Clock.GetUtcNow();
        await db.Users.Where(u => u.Id == disabled.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, now));
        await db.Users.Where(u => u.Id == deleted.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletedAt, now));
        return organization;
    }

    [Fact]
    public async Task Get_Organizations_GivesEachTheCountOfActiveMembers_OfEveryRole_AndZeroForNone()
    {
        var token = OrganizationsApi.Unique();
        var busy = await OrganizationWithMembersAsync($"A busy {token}");
        var empty = await _api.OrganizationAsync($"B empty {token}");

        var response = await _api.GetAsync($"/api/organizations?search={token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadAsync<PagedList<OrganizationDto>>();
        Assert.Equal([(busy.Id, (int?)4), (empty.Id, 0)], list.Items.Select(o => (o.Id, o.MemberCount)));
    }

    [Fact]
    public async Task Get_Organizations_WritesMemberCount_InTheWireShape()
    {
        var token = OrganizationsApi.Unique();
        await OrganizationWithMembersAsync($"Wire {token}");

        var json = await (await _api.GetAsync($"/api/organizations?search={token}")).Content.ReadAsStringAsync();

        Assert.Contains("\"memberCount\":4", json);
    }

    [Fact]
    public async Task Get_Organization_BySlugAndById_GivesItsMemberCount()
    {
        var organization = await OrganizationWithMembersAsync("Single " + OrganizationsApi.Unique());

        var bySlug = await (await _api.GetAsync($"/api/organizations/slug/{organization.Slug}")).ReadAsync<DataEnvelope<OrganizationDto>>();
        var byId = await (await _api.GetAsync($"/api/organizations/{organization.Id}")).ReadAsync<DataEnvelope<OrganizationDto>>();

        Assert.Equal(4, bySlug.Data.MemberCount);
        Assert.Equal(4, byId.Data.MemberCount);
    }

    [Fact]
    public async Task Get_Organizations_CountsMembersOfAWholePage_InOneQuery()
    {
        var token = OrganizationsApi.Unique();
        var organizations = new List<Organization>();
        for (var i = 0; i < 6; i++)
        {
            var organization = await _api.OrganizationAsync($"Flat {i} {token}");
            await _api.Data.MembershipAsync(organization, await _api.Data.UserAsync(), MemberRole.Owner);
            organizations.Add(organization);
        }

        var counting = new MembershipQueries(organizations[0].Id);
        using (DiagnosticListener.AllListeners.Subscribe(counting))
        {
            var list = await (await _api.GetAsync($"/api/organizations?search={token}")).ReadAsync<PagedList<OrganizationDto>>();
            Assert.All(list.Items, o => Assert.Equal(1, o.MemberCount));
            Assert.Equal(6, list.Items.Count);
        }

        // The queries on memberships that name this test's organizations: one for the six, not six.
        Assert.Equal(1, counting.Count);
    }

    /// <summary>Counts the SQL commands on memberships whose parameters name <paramref name="organizationId"/> (so other tests' queries are not counted).</summary>
    private sealed class MembershipQueries(Guid organizationId) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private int _count;
        private readonly List<IDisposable> _subscriptions = [];
        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.CommandExecuted.Name || value.Value is not CommandExecutedEventData data) return;
            var command = data.Command;
            if (!command.CommandText.Contains("memberships", StringComparison.OrdinalIgnoreCase)) return;
            var id = organizationId.ToString("D");
            var named = command.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => p.Value switch
            {
                string s => s.Contains(id, StringComparison.OrdinalIgnoreCase),
                Guid g => g == organizationId,
                IEnumerable<Guid> ids => ids.Contains(organizationId),
                _ => false,
            });
            if (named) Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
