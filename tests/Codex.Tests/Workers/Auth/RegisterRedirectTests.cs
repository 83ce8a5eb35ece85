using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.Auth;

/// <summary>Registration's <c>redirect</c> (ADR 019): a local path rides into the verification link; anything else is a 400.</summary>
[Collection(AuthCollection.Name)]
public sealed class RegisterRedirectTests(AuthFixture fixture)
{
    private Task<HttpResponseMessage> RegisterAsync(string email, string? redirect) =>
        fixture.Client(Role.Auth).PostAsJsonAsync("/api/auth/email/register",
            new { name = "Redirected", email, password = "password123", redirect }, ContractJson.Options);

    [Fact]
    public async Task Register_WithALocalRedirect_PutsItInTheVerificationLink()
    {
        var email = $"r-{Guid.NewGuid():N}@example.test";

        var response = await RegisterAsync(email, "/invitations/accept?token=abc");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mail = Assert.Single(await Mailbox.MessagesToAsync(fixture, email));
        Assert.Matches(@"/verify-email\?token=[A-Za-z0-9_-]+&redirect=%2Finvitations%2Faccept%3Ftoken%3Dabc", mail.Text);
    }

    [Fact]
    public async Task Register_WithoutARedirect_HasAPlainLink()
    {
        var email = $"r-{Guid.NewGuid():N}@example.test";

        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(email, null)).StatusCode);

        Assert.DoesNotContain("redirect=", Assert.Single(await Mailbox.MessagesToAsync(fixture, email)).Text);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("relative")]
    public async Task Register_WithAForeignRedirect_Is400OnRedirect_AndMakesNoAccount(string redirect)
    {
        var email = $"r-{Guid.NewGuid():N}@example.test";

        var response = await RegisterAsync(email, redirect);

        Assert.Equal(["redirect"], await response.FieldErrorsAsync());
        await using var db = fixture.Db();
        Assert.False(db.Users.Any(u => u.Email == email));
    }
}
