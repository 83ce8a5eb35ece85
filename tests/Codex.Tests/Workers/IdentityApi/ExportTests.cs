using System.Net;
using System.Text.Json;
using Codex.Contracts;
using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.IdentityApi;

/// <summary><c>GET /api/user/export</c>: everything about the caller, nothing about anyone else, no secrets.</summary>
[Collection(IdentityCollection.Name)]
public sealed class ExportTests(IdentityFixture fixture)
{
    private readonly IdentityApi _api = new(fixture);

    [Fact]
    public async Task Get_Export_Anonymous_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/api/user/export")).StatusCode);
    }

    [Fact]
    public async Task Get_Export_HoldsEverythingAboutTheCaller_AndNothingAboutAnyoneElse()
    {
        // The caller and another person, both in one organization, each with purchases, progress and an invitation.
        var (me, cookie) = await _api.PersonAsync("Exporting Person");
        var (other, _) = await _api.PersonAsync("Other Member Zebedee");
        var org = await _api.Data.OrganizationAsync();
        await _api.Data.MembershipAsync(org, me, MemberRole.Creator);
        await _api.Data.MembershipAsync(org, other, MemberRole.Owner);
        var mine = await _api.Data.ContentAsync(org, me, "My own essay");
        var theirs = await _api.Data.ContentAsync(org, other, "Their paid film", access: AccessType.Paid);
        await _api.Data.PurchaseAsync(me, theirs);
        await _api.Data.PurchaseAsync(other, mine);
        await _api.Data.ProgressAsync(me, theirs, 42, 100, false, DateTimeOffset.UtcNow);
        await _api.Data.ProgressAsync(other, mine, 7, 100, false, DateTimeOffset.UtcNow);
        var handle = "exp_" + Guid.NewGuid().ToString("N")[..8];
        await _api.DataAsync<ProfileDto>(await _api.SendAsync(HttpMethod.Patch, "/api/user/profile", cookie,
            new UpdateProfileFieldsRequest { Username = handle, Bio = "My bio text." }));
        // The address had an earlier holder (an account deleted, or moved to another address): what was sent to them
        // before this account existed is theirs, not the caller's.
        var earlierOrg = await _api.Data.OrganizationAsync();
        await using (var db = fixture.Db())
        {
            db.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid(), OrganizationId = earlierOrg.Id, Email = me.Email, Role = MemberRole.Owner, TokenHash = "old-" + Guid.NewGuid().ToString("N"),
                InvitedById = other.Id, ExpiresAt = me.CreatedAt.AddDays(-23), CreatedAt = me.CreatedAt.AddDays(-30),
            });
            db.OutgoingMail.Add(new OutgoingMail
            {
                Id = Guid.NewGuid(), Template = "purchase-receipt", Recipient = me.Email, Status = OutgoingMailStatus.Sent, Payload = "{}",
                NextAttemptAt = me.CreatedAt.AddDays(-30), CreatedAt = me.CreatedAt.AddDays(-30),
            });
            await db.SaveChangesAsync();
        }
        string myTokenHash, otherTokenHash;
        await using (var db = fixture.Db())
        {
            db.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid(), OrganizationId = org.Id, Email = me.Email, Role = MemberRole.Admin, TokenHash = "invite-hash-" + Guid.NewGuid().ToString("N"),
                InvitedById = other.Id, ExpiresAt = DateTimeOffset.UtcNow.AddDays(7), CreatedAt = DateTimeOffset.UtcNow,
            });
            db.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid(), OrganizationId = org.Id, Email = other.Email, Role = MemberRole.Member, TokenHash = "invite-hash-" + Guid.NewGuid().ToString("N"),
                InvitedById = me.Id, ExpiresAt = DateTimeOffset.UtcNow.AddDays(7), CreatedAt = DateTimeOffset.UtcNow,
            });
            db.AuditLog.Add(new AuditEntry
            {
                Id = Guid.NewGuid(), ActorId = other.Id, Action = "user.disable", TargetType = "user", TargetId = me.Id.ToString("D"),
                Reason = "A reason about me", CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            myTokenHash = await db.Sessions.Where(s => s.UserId == me.Id).Select(s => s.TokenHash).FirstAsync();
            otherTokenHash = await db.Invitations.Where(i => i.Email == me.Email && i.OrganizationId == org.Id).Select(i => i.TokenHash).FirstAsync();
        }

        var response = await _api.GetAsync("/api/user/export", cookie);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType ?? ContentDisposition(response));
        using var json = JsonDocument.Parse(text);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(me.Email, data.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(handle, data.GetProperty("profile").GetProperty("username").GetString());
        Assert.Contains("My bio text.", text);
        Assert.Single(data.GetProperty("sessions").EnumerateArray());
        Assert.Equal(org.Name, data.GetProperty("memberships")[0].GetProperty("organizationName").GetString());
        Assert.Equal("Their paid film", Assert.Single(data.GetProperty("purchases").EnumerateArray()).GetProperty("contentTitle").GetString());
        Assert.Equal(42, Assert.Single(data.GetProperty("playbackProgress").EnumerateArray()).GetProperty("positionSeconds").GetDouble());
        Assert.Equal("My own essay", Assert.Single(data.GetProperty("contentCreated").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal("admin", Assert.Single(data.GetProperty("invitationsReceived").EnumerateArray()).GetProperty("role").GetString());
        Assert.Equal("A reason about me", Assert.Single(data.GetProperty("auditEntriesAboutYou").EnumerateArray()).GetProperty("reason").GetString());
        Assert.DoesNotContain(earlierOrg.Name, text);
        Assert.DoesNotContain("purchase-receipt", text);
        // Nothing about the other person: not their email, name, id, purchase or progress.
        Assert.DoesNotContain(other.Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Zebedee", text);
        Assert.DoesNotContain(other.Id.ToString(), text);
        // No secrets.
        Assert.DoesNotContain(myTokenHash, text);
        Assert.DoesNotContain(otherTokenHash, text);
        Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tokenHash", text, StringComparison.OrdinalIgnoreCase);
        await using var check = fixture.Db();
        Assert.DoesNotContain(await check.Users.Where(u => u.Id == me.Id).Select(u => u.PasswordHash).SingleAsync(), text);
    }

    private static string? ContentDisposition(HttpResponseMessage response) =>
        response.Content.Headers.TryGetValues("Content-Disposition", out var values) ? values.Single().Split(';')[0] : null;
}
