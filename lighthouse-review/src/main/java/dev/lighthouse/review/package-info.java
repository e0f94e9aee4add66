/**
 * Reviews of held calls: who is asked, how votes settle them, what approvals they grant, recorded as events.
 *
 * <p>{@link dev.lighthouse.review.ReviewBoard} is the way in. Whoever serves it (the bridge, over its hooks, HTTP API
 * and MCP) hands it a {@link dev.lighthouse.review.DecidedCall} to {@code settle}, a
 * {@link dev.lighthouse.review.Voter} for each vote, and its tokens as {@link dev.lighthouse.review.TokenHolders};
 * it gets back records ({@code Settled}, {@link dev.lighthouse.review.ReviewView}, {@code VoteResult}) and exceptions
 * for refusals, never HTTP. Experts are {@link dev.lighthouse.review.Expert}s: LLM experts ({@code llm}) are one kind,
 * agent experts registered in lighthouse-coordination another. Everything is an event
 * ({@link dev.lighthouse.review.ReviewEvent}), and the board is rebuilt from them at start.
 */
package dev.lighthouse.review;
