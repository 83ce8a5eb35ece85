namespace Codex.Contracts.Admin;

/// <summary>
/// <c>details</c> of a grant's 404 (an addition to the contract, ADR 021): which field of the request named nothing,
/// <c>userId</c>, <c>email</c> or <c>contentId</c>, so that a form can show the sentence beside that field.
/// </summary>
public sealed record NotFoundFieldDetails(string Field);
